package io.segmenter.stream.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.segmenter.stream.config.SegmenterConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code http.auth.token} over real HTTP, with the Kafka side faked: /users is guarded, health and metrics are not. */
class QueryServerAuthTest {

    private static final String TOKEN = "t0ken-for-the-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private QueryServer a;
    private QueryServer b;
    private FakeQueries onA;
    private FakeQueries onB;

    @BeforeEach
    void startTwoGuardedServers() {
        a = QueryServer.start(new HttpSettings("127.0.0.1", 0, "127.0.0.1", 2, TOKEN));
        b = QueryServer.start(new HttpSettings("127.0.0.1", 0, "127.0.0.1", 2, TOKEN));
        onA = new FakeQueries();
        onB = new FakeQueries();
        a.serveUsers(onA);
        b.serveUsers(onB);
        a.route("/metrics", exchange -> JsonResponses.send(exchange, 200, "text/plain",
                "up 1\n".getBytes(StandardCharsets.UTF_8)));
    }

    @AfterEach
    void stopServers() {
        a.close();
        b.close();
    }

    @Test
    void usersWithoutATokenGetUnauthorizedWithABearerChallengeAndNeverReachTheStores() throws Exception {
        onA.owns("u1");

        HttpResponse<String> response = get(a, "/users/u1", Optional.empty());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"segmenter\"");
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("unauthorized");
        assertThat(response.body()).doesNotContain("u1");
        assertThat(onA.locateCalls).hasValue(0);
    }

    @Test
    void usersWithAWrongTokenGetUnauthorizedWithInvalidToken() throws Exception {
        onA.owns("u1");

        for (String header : new String[] {"Bearer wrong", "Bearer " + TOKEN + "x", "Basic " + TOKEN, TOKEN}) {
            HttpResponse<String> response = get(a, "/users/u1", Optional.of(header));

            assertThat(response.statusCode()).as(header).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).as(header)
                    .startsWith("Bearer realm=\"segmenter\"");
        }
        assertThat(get(a, "/users/u1", Optional.of("Bearer wrong")).headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"segmenter\", error=\"invalid_token\"");
        assertThat(onA.locateCalls).hasValue(0);
    }

    @Test
    void usersWithTheTokenAreAnswered() throws Exception {
        onA.owns("u1");

        HttpResponse<String> response = get(a, "/users/u1", Optional.of("Bearer " + TOKEN));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("userId").asText()).isEqualTo("u1");
    }

    @Test
    void forwardingToTheOwnerPassesTheTokenOn() throws Exception {
        onB.owns("u2");
        onA.locations.put("u2", new UserQueries.Location.Remote(b.self()));

        HttpResponse<String> response = get(a, "/users/u2", Optional.of("Bearer " + TOKEN));

        // b guards /users too: without the token passed on it would have answered 401
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("userId").asText()).isEqualTo("u2");
        assertThat(onB.locateCalls).hasValue(1);
    }

    @Test
    void forwardingFromAnInstanceWithoutTheTokenIsRefusedByTheOwner() throws Exception {
        QueryServer open = QueryServer.start(new HttpSettings("127.0.0.1", 0, "127.0.0.1", 1));
        try {
            FakeQueries onOpen = new FakeQueries();
            open.serveUsers(onOpen);
            onB.owns("u3");
            onOpen.locations.put("u3", new UserQueries.Location.Remote(b.self()));

            HttpResponse<String> response = get(open, "/users/u3", Optional.empty());

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(onB.locateCalls).hasValue(0);
        } finally {
            open.close();
        }
    }

    @Test
    void healthAndMetricsStayOpen() throws Exception {
        assertThat(get(a, "/health/live", Optional.empty()).statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get(a, "/metrics", Optional.empty());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).isEqualTo("up 1\n");
    }

    @Test
    void withoutATokenConfiguredUsersIsOpen() throws Exception {
        QueryServer open = QueryServer.start(new HttpSettings("127.0.0.1", 0, "127.0.0.1", 1));
        try {
            FakeQueries onOpen = new FakeQueries();
            onOpen.owns("u4");
            open.serveUsers(onOpen);

            assertThat(get(open, "/users/u4", Optional.empty()).statusCode()).isEqualTo(200);
        } finally {
            open.close();
        }
    }

    @Test
    void settingsComeFromTheConfigBindTheGivenAddressAndNeverPrintTheToken() {
        SegmenterConfig config = SegmenterConfig.defaults()
                .with("http.bind", "127.0.0.1").with("http.port", "0").with("http.auth.token", " " + TOKEN + " ");
        HttpSettings settings = HttpSettings.from(config);

        assertThat(settings.bindAddress()).isEqualTo("127.0.0.1");
        assertThat(settings.authToken()).isEqualTo(TOKEN);
        assertThat(settings.toString()).doesNotContain(TOKEN).contains("authToken=****");
        assertThat(HttpSettings.from(SegmenterConfig.defaults()).requiresToken()).isFalse();
        QueryServer bound = QueryServer.start(settings);
        try {
            assertThat(bound.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
        } finally {
            bound.close();
        }
    }

    private HttpResponse<String> get(QueryServer server, String path, Optional<String> authorization)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET();
        authorization.ifPresent(value -> request.header("Authorization", value));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static final class FakeQueries implements UserQueries {
        final Map<String, Location> locations = new ConcurrentHashMap<>();
        final Map<String, ObjectNode> documents = new ConcurrentHashMap<>();
        final AtomicInteger locateCalls = new AtomicInteger();

        void owns(String userId) {
            locations.put(userId, new Location.Local(0));
            documents.put(userId, JSON.createObjectNode().put("userId", userId));
        }

        @Override
        public Location locate(String userId) {
            locateCalls.incrementAndGet();
            return locations.getOrDefault(userId, new Location.Unavailable("unknown to the fake"));
        }

        @Override
        public Optional<ObjectNode> read(String userId, int partition) {
            return Optional.ofNullable(documents.get(userId));
        }
    }
}
