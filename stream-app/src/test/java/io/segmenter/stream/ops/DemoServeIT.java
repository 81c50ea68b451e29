package io.segmenter.stream.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.features.dataset.DatasetFormat;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.stream.cli.SegmenterCliAccess;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.demo.DemoRunner;
import io.segmenter.stream.demo.DemoSummary;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code demo --http-port}: the embedded default with its HTTP port. After the replay, while the
 * demo still runs (where {@code --serve} waits for Ctrl-C), the endpoints answer for the instance
 * that processed the replay; when the demo returns, the port is closed.
 */
class DemoServeIT {

    /** Taobao UserBehavior lines: user,item,category,behavior,epochSeconds. */
    private static final String EVENTS = """
            101,1,1,pv,1709287200
            101,2,1,cart,1709287260
            102,3,2,pv,1709287300
            103,4,2,buy,1709287400
            """;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void trustGeneratedAvroClasses() {
        AvroTrustedPackages.trustGeneratedClasses(); // as SegmenterCli.main does
    }

    @Test
    void endpointsServeTheReplayedInstanceUntilTheDemoReturns() throws IOException {
        DatasetSource source = DatasetSource.of("four-events", DatasetFormat.TAOBAO,
                () -> new ByteArrayInputStream(EVENTS.getBytes(StandardCharsets.US_ASCII)));
        SegmenterConfig config = SegmenterConfig.defaults().with("http.bind", "127.0.0.1").with("http.advertised.host", "127.0.0.1");
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        AtomicReference<URI> served = new AtomicReference<>();

        DemoSummary summary = new DemoRunner().run(new DemoRunner.Options(List.of(source), 0, config).withHttp(0, live -> {
            URI base = live.http().orElseThrow();
            served.set(base);
            for (String path : List.of("/health/live", "/health/ready", "/metrics", "/users/101")) {
                answers.put(path, get(base.resolve(path)));
            }
        }));

        assertThat(summary.problems()).isEmpty();
        assertThat(summary.eventsProcessed()).isEqualTo(4);
        assertThat(answers.get("/health/live").statusCode()).isEqualTo(200);
        assertThat(answers.get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(answers.get("/health/ready").body()).at("/checks/streams/state").asText()).isEqualTo("RUNNING");
        Scrape scrape = Scrape.parse(answers.get("/metrics").body());
        assertThat(scrape.named("segmenter_events_processed_total").stream().mapToDouble(Scrape.Sample::value).sum()).isEqualTo(4);
        assertThat(scrape.names()).contains("kafka_stream_alive_stream_threads", "jvm_memory_used_bytes");
        assertThat(answers.get("/users/101").statusCode()).isEqualTo(200);
        assertThat(answers.get("/users/101").body()).contains("\"userId\":\"101\"");

        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(served.get().resolve("/health/live")).GET().build(),
                HttpResponse.BodyHandlers.ofString())).as("the port closes with the demo").isInstanceOf(ConnectException.class);
    }

    @Test
    void serveWithoutAnHttpPortIsAUsageError() {
        StringWriter out = new StringWriter();
        int exit = SegmenterCliAccess.execute(new PrintWriter(out), "demo", "--serve");
        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).contains("--serve needs --http-port");
    }

    private HttpResponse<String> get(URI uri) {
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
