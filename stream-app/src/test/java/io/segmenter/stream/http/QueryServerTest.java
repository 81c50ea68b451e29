package io.segmenter.stream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Lifecycle and plain routes of the HTTP server. */
class QueryServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private QueryServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void bindsAFreePortWhenAskedForPortZeroAndAdvertisesIt() {
        server = QueryServer.start(new HttpSettings("127.0.0.1", 0, "iq.example", 1));

        assertThat(server.port()).isPositive();
        assertThat(server.self().host()).isEqualTo("iq.example");
        assertThat(server.self().port()).isEqualTo(server.port());
    }

    @Test
    void servesLivenessAndAnswersNotFoundElsewhere() throws Exception {
        server = QueryServer.start(new HttpSettings("127.0.0.1", 0, "127.0.0.1", 1));

        HttpResponse<String> live = get("/health/live");

        assertThat(live.statusCode()).isEqualTo(200);
        assertThat(live.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(JSON.readTree(live.body())).isEqualTo(JSON.createObjectNode().put("status", "UP"));
        assertThat(get("/health/live/x").statusCode()).isEqualTo(404);
        assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
    }

    @Test
    void addedRoutesAnswerOnlyGetOnTheirExactPath() throws Exception {
        server = QueryServer.start(new HttpSettings("127.0.0.1", 0, "127.0.0.1", 1));
        server.route("/metrics", exchange -> JsonResponses.send(exchange, 200, "text/plain", "up 1\n".getBytes(StandardCharsets.UTF_8)));

        assertThat(get("/metrics").body()).isEqualTo("up 1\n");
        assertThat(get("/metrics/more").statusCode()).isEqualTo(404);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(uri("/metrics")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void closeLetsARunningRequestFinishRefusesNewOnesAndThenFreesThePort() throws Exception {
        server = QueryServer.start(new HttpSettings("127.0.0.1", 0, "127.0.0.1", 2), Duration.ofSeconds(30));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        server.route("/slow", exchange -> {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            JsonResponses.send(exchange, 200, "text/plain", "done".getBytes(StandardCharsets.UTF_8));
        });
        CompletableFuture<HttpResponse<String>> slow = client.sendAsync(HttpRequest.newBuilder(uri("/slow")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get("/health/live").statusCode()).isEqualTo(503));
        assertThat(closing).isNotDone();
        release.countDown();

        assertThat(slow.get(10, TimeUnit.SECONDS).body()).isEqualTo("done");
        closing.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> get("/health/live")).isInstanceOf(IOException.class);
    }

    private HttpResponse<String> get(String rawPath) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(rawPath)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String rawPath) {
        return URI.create("http://127.0.0.1:" + server.port() + rawPath);
    }
}
