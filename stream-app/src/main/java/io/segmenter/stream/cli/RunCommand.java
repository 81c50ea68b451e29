package io.segmenter.stream.cli;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.ops.ServedInstance;
import io.segmenter.stream.ops.StopSignal;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code segmenter run}: one instance of the service against a real cluster, with its HTTP port
 * (interactive queries, {@code /metrics}, {@code /health/live}, {@code /health/ready}), until
 * SIGTERM. The HTTP server binds first, so {@code application.server} names the bound port; on
 * SIGTERM it stops before the streams close, so no query reads a closing store, and the JVM waits
 * for the close. When Kafka Streams reaches ERROR (no stream thread left) the command closes and
 * exits 1, so the orchestrator restarts it instead of leaving a live process that does no work.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run one instance against --bootstrap-servers until interrupted (SIGTERM closes it cleanly).",
            "Serves GET /users/{id}, /metrics, /health/live and /health/ready on http.bind:http.port.",
            "Scores with model.file (default: the model shipped in the jar), then follows the releases on topic.models;",
            "/health/ready is 200 once Kafka Streams is RUNNING and a valid model is live.",
            "Exits 1 when Kafka Streams fails (state ERROR)."})
final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
    /** Kafka Streams gets 30 s to close (SegmenterApp); the rest is for the HTTP drain and the registry. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(45);

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        SegmenterConfig resolved = config.resolve(System.getenv());
        LOG.info("configuration: {}", resolved);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        StopSignal stop = StopSignal.onJvmShutdown("segmenter-shutdown", CLOSE_TIMEOUT);
        StopSignal.Reason reason;
        try (ServedInstance instance = ServedInstance.create(resolved, meters)) {
            instance.app().addStateListener((now, before) -> {
                if (now == KafkaStreams.State.ERROR) {
                    LOG.error("Kafka Streams is in state ERROR: closing, exit code 1");
                    stop.fail();
                }
            });
            instance.app().start();
            reason = stop.await();
            LOG.info("{}, closing", reason == StopSignal.Reason.REQUESTED ? "shutdown requested" : "streams failed");
        } finally {
            stop.closed();
        }
        return reason == StopSignal.Reason.REQUESTED ? 0 : 1;
    }
}
