package io.segmenter.stream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segmenter.features.FeatureValue;
import io.segmenter.features.FeatureVector;
import io.segmenter.features.OfflineFeatureReplay;
import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.registry.MockSchemaRegistry;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.stream.app.ProcessingProgress;
import io.segmenter.stream.app.SegmenterApp;
import io.segmenter.stream.app.TopicLayout;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.replay.EventPublisher;
import io.segmenter.stream.testing.KafkaBrokerExtension;
import io.segmenter.stream.topology.SegmentationTopology;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the application (one {@code application.id}, their own state directories and
 * HTTP ports) on one real broker, input topics with 4 partitions: every user is answered by both
 * instances, each serving the keys it owns and forwarding the others to their owner.
 */
class InteractiveQueriesIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Instant BASE = Instant.parse("2024-03-01T10:00:00Z");
    private static final int USERS = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path stateA;
    @TempDir
    Path stateB;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String registryScope = "iq-" + UUID.randomUUID();
    private final List<Instance> instances = new ArrayList<>();

    @BeforeAll
    static void trustGeneratedAvroClasses() {
        AvroTrustedPackages.trustGeneratedClasses(); // as SegmenterCli.main does
    }

    @AfterEach
    void closeInstances() {
        instances.forEach(Instance::close);
        MockSchemaRegistry.dropScope(registryScope);
    }

    @Test
    void bothInstancesServeEveryUserFromTheInstanceThatOwnsIt() throws Exception {
        SegmenterConfig config = config("iq-two-instances");
        List<String> users = IntStream.range(0, USERS)
                .mapToObj(i -> i == 7 ? "shop/user 07+ä" : String.format(java.util.Locale.ROOT, "user-%02d", i))
                .toList();
        List<DatasetEvent> events = events(users);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            TopicLayout.ensure(admin, config, (short) 1, Duration.ofSeconds(30));
            Instance a = start(config.with("state.dir", stateA.toString()));
            Instance b = start(config.with("state.dir", stateB.toString()));

            // the HTTP port is up before the streams run: not queryable yet
            HttpResponse<String> early = get(a, users.get(0));
            assertThat(early.statusCode()).isEqualTo(503);
            assertThat(early.headers().firstValue("Retry-After")).isPresent();

            a.app.start();
            b.app.start();
            assertThat(a.app.awaitRunning(Duration.ofSeconds(30))).isTrue();
            assertThat(b.app.awaitRunning(Duration.ofSeconds(30))).isTrue();
            new EventPublisher(KAFKA.bootstrapServers(), Map.of(), config.get("topic.clicks"), config.get("topic.purchases"),
                    AvroSerdes.specific(ClickEvent.class, a.app.registry()),
                    AvroSerdes.specific(PurchaseEvent.class, a.app.registry()))
                    .publish(events, 0);
            assertThat(new ProcessingProgress(admin, config.get("application.id"))
                    .awaitCaughtUp(Set.of(config.get("topic.clicks"), config.get("topic.purchases")), Duration.ofSeconds(30)))
                    .isTrue();

            // answers settle once both instances run with the same assignment
            Map<String, JsonNode> fromA = new LinkedHashMap<>();
            Map<String, JsonNode> fromB = new LinkedHashMap<>();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                fromA.clear();
                fromB.clear();
                for (String user : users) {
                    fromA.put(user, okBody(a, user));
                    fromB.put(user, okBody(b, user));
                }
                assertThat(fromA).isEqualTo(fromB);
            });

            Map<String, FeatureVector> expected = offlineVectors(events);
            for (String user : users) {
                JsonNode answer = fromA.get(user);
                assertThat(answer.get("userId").asText()).isEqualTo(user);
                assertThat(answer.get("asOf").asText()).isEqualTo(expected.get(user).asOf().toString());
                assertThat(answer.get("features")).as("features of %s", user).isEqualTo(featuresJson(expected.get(user)));
                assertThat(answer.get("owner").asText()).as("owner of %s", user)
                        .isEqualTo(authority(a.app.streams().queryMetadataForKey(SegmentationTopology.USER_FEATURES_STORE,
                                user, Serdes.String().serializer()).activeHost()));
            }
            // each instance serves some users itself and forwards the others
            assertThat(owners(fromA)).containsExactlyInAnyOrder(authority(a.server.self()), authority(b.server.self()));
            assertThat(owners(fromB)).containsExactlyInAnyOrder(authority(a.server.self()), authority(b.server.self()));

            for (Instance instance : List.of(a, b)) {
                HttpResponse<String> unknown = get(instance, "nobody-has-this-id");
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(JSON.readTree(unknown.body()).get("error").asText()).isEqualTo("unknown-user");
            }

            // streams closed, HTTP still up: B answers 503 for its own users and for A's
            b.app.close();
            for (String user : List.of(ownedBy(fromA, a), ownedBy(fromA, b))) {
                HttpResponse<String> closed = get(b, user);
                assertThat(closed.statusCode()).isEqualTo(503);
                assertThat(closed.headers().firstValue("Retry-After")).isPresent();
            }
        }
    }

    private SegmenterConfig config(String applicationId) {
        return SegmenterConfig.defaults()
                .with("application.id", applicationId)
                .with("bootstrap.servers", KAFKA.bootstrapServers())
                .with("schema.registry.url", "mock://" + registryScope)
                .with("topic.partitions", "4")
                .with("http.bind", "127.0.0.1")
                .with("http.port", "0")
                .with("http.advertised.host", "127.0.0.1");
    }

    /** Binds the HTTP port first, so that application.server names it, then creates the app. */
    private Instance start(SegmenterConfig config) {
        QueryServer server = QueryServer.start(HttpSettings.from(config));
        SegmenterApp app = SegmenterApp.create(config.with("http.port", Integer.toString(server.port())), new SimpleMeterRegistry());
        server.serveUsers(app.streams());
        Instance instance = new Instance(server, app);
        instances.add(instance);
        return instance;
    }

    private record Instance(QueryServer server, SegmenterApp app) {
        void close() {
            server.close();
            if (app.streams().state() != KafkaStreams.State.NOT_RUNNING) {
                app.close();
            }
        }
    }

    private HttpResponse<String> get(Instance instance, String userId) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + instance.server.port() + "/users/"
                + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20"));
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode okBody(Instance instance, String userId) throws IOException, InterruptedException {
        HttpResponse<String> response = get(instance, userId);
        assertThat(response.statusCode()).as("status for %s on port %d: %s", userId, instance.server.port(), response.body())
                .isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    private static Set<String> owners(Map<String, JsonNode> answers) {
        return answers.values().stream().map(n -> n.get("owner").asText()).collect(java.util.stream.Collectors.toSet());
    }

    private static String ownedBy(Map<String, JsonNode> answers, Instance owner) {
        String self = authority(owner.server.self());
        return answers.entrySet().stream().filter(e -> e.getValue().get("owner").asText().equals(self))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    private static String authority(HostInfo host) {
        return host.host() + ":" + host.port();
    }

    private static JsonNode featuresJson(FeatureVector vector) {
        var array = JSON.createArrayNode();
        for (FeatureValue f : vector.describe().values()) {
            array.addObject().put("name", f.name()).put("value", f.value()).put("unit", f.unit())
                    .put("window", f.window()).put("description", f.description());
        }
        return array;
    }

    private static Map<String, FeatureVector> offlineVectors(List<DatasetEvent> events) {
        OfflineFeatureReplay offline = OfflineFeatureReplay.builder().build();
        offline.replay(events.stream().map(DatasetEvent::toReplayEvent).toList());
        return offline.snapshot();
    }

    /** A few views and a cart per user, an order for every third, all within one hour, in event-time order. */
    private static List<DatasetEvent> events(List<String> users) {
        List<DatasetEvent> events = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i);
            Instant start = BASE.plusSeconds(i * 11L);
            for (int v = 0; v <= i % 4; v++) {
                events.add(click(user, ClickType.VIEW, start.plusSeconds(v * 60L), 1_999 + 100L * v));
            }
            events.add(click(user, ClickType.CART, start.plus(Duration.ofMinutes(5)), 1_999));
            if (i % 3 == 0) {
                events.add(purchase(user, 1_999 * (1 + i % 2), start.plus(Duration.ofMinutes(9))));
            }
        }
        events.sort(Comparator.comparing(DatasetEvent::eventTime));
        return events;
    }

    private static DatasetEvent click(String user, ClickType type, Instant at, long priceMinor) {
        return new DatasetEvent.Click(ClickEvent.newBuilder()
                .setEventId(user + "-" + type + "-" + at.toEpochMilli()).setUserId(user).setType(type)
                .setProductId("p-" + priceMinor).setCategoryId("c-1").setPriceMinor(priceMinor).setCurrency("EUR")
                .setEventTime(at).build(), 0);
    }

    private static DatasetEvent purchase(String user, long amountMinor, Instant at) {
        return new DatasetEvent.Purchase(PurchaseEvent.newBuilder()
                .setEventId(user + "-order-" + at.toEpochMilli()).setOrderId("o-" + user + "-" + at.toEpochMilli())
                .setUserId(user).setAmountMinor(amountMinor).setCurrency("EUR").setItemCount(1)
                .setEventTime(at).build(), 0, OptionalInt.empty());
    }
}
