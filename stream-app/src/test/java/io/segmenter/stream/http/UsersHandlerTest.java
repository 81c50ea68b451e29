package io.segmenter.stream.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routing and status codes of {@code /users/{id}} over real HTTP, with the Kafka side faked. */
class UsersHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private QueryServer a;
    private QueryServer b;
    private FakeQueries onA;
    private FakeQueries onB;

    @BeforeEach
    void startTwoServers() {
        a = QueryServer.start(new HttpSettings("127.0.0.1", 0, "127.0.0.1", 2));
        b = QueryServer.start(new HttpSettings("127.0.0.1", 0, "127.0.0.1", 2));
        onA = new FakeQueries(a.self());
        onB = new FakeQueries(b.self());
        a.serveUsers(onA);
        b.serveUsers(onB);
    }

    @AfterEach
    void stopServers() {
        a.close();
        b.close();
    }

    @Test
    void servesALocalUserAsJson() throws Exception {
        onA.owns("u1");

        HttpResponse<String> response = get(a, "/users/u1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(response.body())).isEqualTo(onA.document("u1"));
    }

    @Test
    void decodesThePercentEncodedIdAndKeepsPlusSigns() throws Exception {
        onA.owns("a/b c+d ä");

        HttpResponse<String> response = get(a, "/users/a%2Fb%20c+d%20%C3%A4");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("userId").asText()).isEqualTo("a/b c+d ä");
    }

    @Test
    void answersNotFoundWithAJsonErrorForAnUnknownUser() throws Exception {
        onA.ownsWithoutState("nobody");

        HttpResponse<String> response = get(a, "/users/nobody");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.createObjectNode()
                .put("error", "unknown-user").put("message", "no features for this user").put("userId", "nobody"));
    }

    @Test
    void answersServiceUnavailableWithRetryAfterBeforeTheStreamsAreAttached() throws Exception {
        QueryServer fresh = QueryServer.start(new HttpSettings("127.0.0.1", 0, "127.0.0.1", 1));
        try {
            HttpResponse<String> response = get(fresh, "/users/u1");

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("not-queryable");
        } finally {
            fresh.close();
        }
    }

    @Test
    void answersServiceUnavailableWhileTheOwnerIsUnknown() throws Exception {
        onA.locations.put("u1", new UserQueries.Location.Unavailable("rebalancing"));

        HttpResponse<String> response = get(a, "/users/u1");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void answersServiceUnavailableWhenTheLocalStoreIsNotQueryable() throws Exception {
        onA.owns("u1");
        onA.storeClosed = true;

        HttpResponse<String> response = get(a, "/users/u1");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void answersBadRequestForPathsThatAreNotOneUserId() throws Exception {
        for (String path : List.of("/users", "/users/", "/users/a/b", "/usersx")) {
            assertThat(get(a, path).statusCode()).as(path).isEqualTo(400);
        }
        assertThat(onA.locateCalls).hasValue(0);
    }

    @Test
    void parsesOnlyOneNonEmptyWellFormedSegment() {
        assertThat(UsersHandler.userId("/users/u%201")).hasValue("u 1");
        assertThat(UsersHandler.userId("/users/%C3%A4%2F")).hasValue("ä/");
        assertThat(UsersHandler.userId("/users/a+b")).hasValue("a+b");
        assertThat(UsersHandler.userId("/users/%zz")).isEmpty();
        assertThat(UsersHandler.userId("/users/%")).isEmpty();
        assertThat(UsersHandler.userId("/users/" + "x".repeat(513))).isEmpty();
        assertThat(UsersHandler.userId("/other/u1")).isEmpty();
        assertThat(UsersHandler.encode("a/b c+d")).isEqualTo("a%2Fb%20c%2Bd");
    }

    @Test
    void answersMethodNotAllowedForAnythingButGet() throws Exception {
        onA.owns("u1");

        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri(a, "/users/u1"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void forwardsToTheOwnerAndRelaysItsAnswer() throws Exception {
        onA.locations.put("u 2", new UserQueries.Location.Remote(b.self()));
        onB.owns("u 2");
        onA.locations.put("gone", new UserQueries.Location.Remote(b.self()));
        onB.ownsWithoutState("gone");

        HttpResponse<String> found = get(a, "/users/u%202");
        HttpResponse<String> missing = get(a, "/users/gone");

        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(found.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(found.body())).isEqualTo(onB.document("u 2"));
        assertThat(JSON.readTree(found.body()).get("owner").asText()).isEqualTo(authority(b));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(onB.locateCalls).hasValue(2);
    }

    @Test
    void neverForwardsARequestTwice() throws Exception {
        onA.locations.put("u1", new UserQueries.Location.Remote(b.self()));
        onB.locations.put("u1", new UserQueries.Location.Remote(a.self()));

        HttpResponse<String> response = get(a, "/users/u1");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("owner-moving");
        assertThat(onA.locateCalls).hasValue(1);
        assertThat(onB.locateCalls).hasValue(1);
    }

    @Test
    void answersServiceUnavailableWhenTheOwnerDoesNotAnswer() throws Exception {
        QueryServer stopped = QueryServer.start(new HttpSettings("127.0.0.1", 0, "127.0.0.1", 1));
        stopped.close();
        onA.locations.put("u1", new UserQueries.Location.Remote(stopped.self()));

        HttpResponse<String> response = get(a, "/users/u1");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("owner-unreachable");
    }

    private HttpResponse<String> get(QueryServer server, String rawPath) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(server, rawPath)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(QueryServer server, String rawPath) {
        return URI.create("http://127.0.0.1:" + server.port() + rawPath);
    }

    private static String authority(QueryServer server) {
        return server.self().host() + ":" + server.self().port();
    }

    /** Locations and documents by user id; records what reached it. */
    private static final class FakeQueries implements UserQueries {
        final Map<String, Location> locations = new ConcurrentHashMap<>();
        final Map<String, ObjectNode> documents = new ConcurrentHashMap<>();
        final AtomicInteger locateCalls = new AtomicInteger();
        final HostInfo self;
        volatile boolean storeClosed;

        FakeQueries(HostInfo self) {
            this.self = self;
        }

        void owns(String userId) {
            locations.put(userId, new Location.Local(0));
            documents.put(userId, document(userId));
        }

        void ownsWithoutState(String userId) {
            locations.put(userId, new Location.Local(0));
        }

        ObjectNode document(String userId) {
            return JSON.createObjectNode().put("userId", userId).put("owner", self.host() + ":" + self.port());
        }

        @Override
        public Location locate(String userId) {
            locateCalls.incrementAndGet();
            return locations.getOrDefault(userId, new Location.Unavailable("unknown to the fake"));
        }

        @Override
        public Optional<ObjectNode> read(String userId, int partition) {
            if (storeClosed) {
                throw new InvalidStateStoreException("closed");
            }
            return Optional.ofNullable(documents.get(userId));
        }
    }
}
