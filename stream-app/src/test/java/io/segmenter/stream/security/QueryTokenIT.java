package io.segmenter.stream.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.registry.MockSchemaRegistry;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.stream.app.TopicLayout;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.ops.ServedInstance;
import io.segmenter.stream.replay.EventPublisher;
import io.segmenter.stream.testing.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two served instances wired as {@code run} wires them, with {@code http.auth.token} set and
 * {@code http.bind=127.0.0.1}: every user answers 200 through either instance with the token
 * (so forwarded queries carry it), 401 without; health and metrics need none.
 */
class QueryTokenIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String TOKEN = "it-" + UUID.randomUUID();
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int USERS = 16;

    @TempDir
    Path stateA;
    @TempDir
    Path stateB;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String scope = "token-" + UUID.randomUUID();
    private final List<ServedInstance> instances = new ArrayList<>();

    @BeforeAll
    static void trustGeneratedAvroClasses() {
        AvroTrustedPackages.trustGeneratedClasses();
    }

    @AfterEach
    void closeInstances() {
        instances.forEach(ServedInstance::close);
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void usersNeedTheTokenOnEveryInstanceAndForwardedQueriesCarryIt() throws Exception {
        SegmenterConfig config = SegmenterConfig.defaults()
                .with("application.id", "token-it")
                .with("bootstrap.servers", KAFKA.bootstrapServers())
                .with("schema.registry.url", "mock://" + scope)
                .with("topic.partitions", "4")
                .with("http.bind", "127.0.0.1")
                .with("http.port", "0")
                .with("http.advertised.host", "127.0.0.1")
                .with("http.auth.token", TOKEN);
        List<String> users = IntStream.range(0, USERS).mapToObj(i -> String.format(Locale.ROOT, "tok-user-%02d", i)).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            TopicLayout.ensure(admin, config, (short) 1, WAIT);
        }
        ServedInstance a = serve(config.with("state.dir", stateA.toString()));
        ServedInstance b = serve(config.with("state.dir", stateB.toString()));
        assertThat(a.server().address().getAddress().isLoopbackAddress()).isTrue();
        a.app().start();
        b.app().start();
        assertThat(a.app().awaitRunning(WAIT)).isTrue();
        assertThat(b.app().awaitRunning(WAIT)).isTrue();
        new EventPublisher(KAFKA.bootstrapServers(), Map.of(), config.get("topic.clicks"), config.get("topic.purchases"),
                AvroSerdes.specific(ClickEvent.class, a.app().registry()),
                AvroSerdes.specific(PurchaseEvent.class, a.app().registry()))
                .publish(clicks(users), 0);

        Set<String> owners = new HashSet<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            owners.clear();
            for (String user : users) {
                for (ServedInstance instance : List.of(a, b)) {
                    HttpResponse<String> answer = get(instance, "/users/" + user, Optional.of("Bearer " + TOKEN));
                    assertThat(answer.statusCode()).as("%s on %s: %s", user, instance.uri(), answer.body()).isEqualTo(200);
                    owners.add(answer.body().replaceAll(".*\"owner\":\"([^\"]+)\".*", "$1"));
                }
            }
        });
        // both instances own some users: half the answers above were forwarded, with the token
        assertThat(owners).hasSize(2);

        for (ServedInstance instance : List.of(a, b)) {
            HttpResponse<String> anonymous = get(instance, "/users/" + users.get(0), Optional.empty());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(get(instance, "/users/" + users.get(0), Optional.of("Bearer wrong")).statusCode()).isEqualTo(401);
            assertThat(get(instance, "/health/live", Optional.empty()).statusCode()).isEqualTo(200);
            assertThat(get(instance, "/health/ready", Optional.empty()).statusCode()).isEqualTo(200);
            assertThat(get(instance, "/metrics", Optional.empty()).statusCode()).isEqualTo(200);
        }
    }

    private ServedInstance serve(SegmenterConfig config) {
        ServedInstance instance = ServedInstance.create(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        instances.add(instance);
        return instance;
    }

    private HttpResponse<String> get(ServedInstance instance, String path, Optional<String> authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.server().port() + path))
                .timeout(Duration.ofSeconds(5)).GET();
        authorization.ifPresent(value -> request.header("Authorization", value));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<DatasetEvent> clicks(List<String> users) {
        Instant base = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES);
        List<DatasetEvent> events = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i);
            events.add(new DatasetEvent.Click(ClickEvent.newBuilder()
                    .setEventId(user + "-view").setUserId(user).setType(ClickType.VIEW)
                    .setProductId("p-1").setCategoryId("c-1").setPriceMinor(1_000L).setCurrency("EUR")
                    .setEventTime(base.plusSeconds(i)).build(), 0));
        }
        return events;
    }
}
