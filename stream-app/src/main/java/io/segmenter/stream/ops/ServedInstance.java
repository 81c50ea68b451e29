package io.segmenter.stream.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.segmenter.model.ModelBundle;
import io.segmenter.stream.app.SegmenterApp;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.http.HttpSettings;
import io.segmenter.stream.http.LastAnomalyAttribute;
import io.segmenter.stream.http.PredictionsAttribute;
import io.segmenter.stream.http.QueryServer;
import io.segmenter.stream.http.SegmentAttribute;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One instance with its HTTP port, wired the way {@code run} and {@code demo --http-port} run it:
 * the HTTP server binds first (so {@code application.server} names the bound port), the app is
 * created with {@code meters}, then the port serves, besides {@code /health/live} and
 * {@code /users/{id}} (features, current {@code segment} and {@code lastAnomaly}):
 * <ul>
 *   <li>{@code /metrics}: {@code meters} in the Prometheus or OpenMetrics text format, with
 *       {@link JvmMeters} and the app's {@link StreamsMeters} bound;</li>
 *   <li>{@code /health/ready}: {@link Readiness}: Kafka Streams is RUNNING, and a valid model is
 *       live ({@link #modelLoaded}), the cluster answers ({@code kafka}) and no stream thread is
 *       waiting for an unreachable schema registry ({@code schema-registry}); see
 *       {@link SegmenterApp#dependencyChecks()}.</li>
 * </ul>
 * The streams are not started: call {@code app().start()}. {@link #close} stops the HTTP server
 * first (no query reads a closing store), then the app.
 */
public final class ServedInstance implements AutoCloseable {

    private final QueryServer server;
    private final SegmenterApp app;
    private final JvmMeters jvm;
    private final Readiness readiness;

    private ServedInstance(QueryServer server, SegmenterApp app, JvmMeters jvm, Readiness readiness) {
        this.server = server;
        this.app = app;
        this.jvm = jvm;
        this.readiness = readiness;
    }

    public static ServedInstance create(SegmenterConfig config, PrometheusMeterRegistry meters) {
        QueryServer server = QueryServer.start(HttpSettings.from(config));
        SegmenterApp app;
        try {
            app = SegmenterApp.create(config.with("http.port", Integer.toString(server.port())), meters);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        JvmMeters jvm = JvmMeters.bind(meters);
        Readiness readiness = new Readiness()
                .add("streams", Readiness.streamsRunning(app.streams()))
                .add("model", modelLoaded(app));
        app.dependencyChecks().forEach(readiness::add);
        ObjectMapper mapper = new ObjectMapper();
        server.serveUsers(app.streams(), List.of(new SegmentAttribute(), new PredictionsAttribute(),
                new LastAnomalyAttribute()));
        server.route("/metrics", new MetricsHandler(meters));
        server.route("/health/ready", new ReadinessHandler(readiness, mapper));
        return new ServedInstance(server, app, jvm, readiness);
    }

    /**
     * Up while a valid live model is installed and the models topic has been read to its end once
     * (before that the instance may still be on its startup model); the details name the version.
     */
    static Supplier<Readiness.Check> modelLoaded(SegmenterApp app) {
        return () -> {
            Optional<ModelBundle> live = app.models().current().liveModel();
            if (live.isEmpty()) {
                return Readiness.Check.down(Map.of("reason", "no-valid-model"));
            }
            String version = live.get().modelVersion();
            return app.modelWatcher().caughtUp() ? Readiness.Check.up(Map.of("version", version))
                    : Readiness.Check.down(Map.of("version", version, "reason", "models-topic-not-read"));
        };
    }

    public SegmenterApp app() {
        return app;
    }

    public QueryServer server() {
        return server;
    }

    /** The checks behind {@code /health/ready}: {@code streams} and {@code model}. */
    public Readiness readiness() {
        return readiness;
    }

    /** {@code http://<advertised host>:<bound port>} */
    public URI uri() {
        return URI.create("http://" + hostForUri(server.self().host()) + ":" + server.port());
    }

    private static String hostForUri(String host) {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            try {
                app.close();
            } finally {
                jvm.close();
            }
        }
    }
}
