package io.segmenter.stream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.stream.demo.DemoRunner;
import io.segmenter.stream.demo.DemoSummary;
import io.segmenter.stream.ops.StopSignal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code segmenter demo}: the embedded default, needing nothing installed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start an embedded Kafka broker and an in-memory schema registry, replay the bundled sample",
            "(or --data files), run the topology until every record is processed, print a summary and exit.",
            "Scores every user and purchase with the default model (or model.file) and prints a few segment changes",
            "and fraud anomalies with their reasons. Exit code 0 when the counts reconcile, 1 when they do not.",
            "Set OMP_NUM_THREADS=1 in the environment: DL4J's native threads make scoring 3-10x slower on a busy machine.",
            "With --http-port PORT --serve the instance keeps running with its HTTP endpoints until interrupted."})
final class DemoCommand implements Callable<Integer> {

    /** Closing the app (up to 30 s), the broker and the temporary state directory. */
    private static final Duration SERVE_CLOSE_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DatasetOptions datasets;

    @Mixin
    ConfigOptions config;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the summary as JSON.")
    Path summaryJson;

    @Option(names = "--speed", paramLabel = "FACTOR", defaultValue = "0",
            description = "Replay event-time gaps at FACTOR times real time; 0 (default) replays as fast as possible.")
    double speed;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Serve /metrics, /health/live, /health/ready and /users/{id} on PORT (0 for a free one) while the demo runs.")
    Integer httpPort;

    @Option(names = "--serve",
            description = "With --http-port: after the replay print the summary, then keep the instance and its HTTP endpoints running until interrupted (Ctrl-C, SIGTERM).")
    boolean serve;

    @Override
    public Integer call() throws Exception {
        if (serve && httpPort == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--serve needs --http-port");
        }
        List<DatasetSource> sources = datasets.sources(spec.commandLine());
        if (sources.isEmpty()) {
            sources = DemoRunner.bundledSample();
        }
        PrintWriter out = spec.commandLine().getOut();
        DemoRunner.Options options = new DemoRunner.Options(sources, speed, config.resolve(System.getenv()));
        AtomicReference<StopSignal> serving = new AtomicReference<>();
        if (httpPort != null) {
            options = options.withHttp(httpPort, live -> {
                if (serve) {
                    report(live.summary(), out);
                    serveUntilStopped(live, out, serving);
                }
            });
        }
        DemoSummary summary;
        try {
            summary = new DemoRunner().run(options);
        } finally {
            StopSignal stop = serving.get();
            if (stop != null) {
                stop.closed();
            }
        }
        if (!serve) {
            report(summary, out);
        }
        return summary.problems().isEmpty() ? 0 : 1;
    }

    private void report(DemoSummary summary, PrintWriter out) {
        print(summary, out);
        if (summaryJson != null) {
            try {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(summaryJson.toFile(), summary);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + summaryJson, e);
            }
            out.println("summary written to " + summaryJson);
        }
        out.flush();
    }

    /** Blocks until Ctrl-C / SIGTERM; the JVM then waits until the demo has closed everything. */
    private static void serveUntilStopped(DemoRunner.Live live, PrintWriter out, AtomicReference<StopSignal> serving) {
        StopSignal stop = StopSignal.onJvmShutdown("segmenter-demo-shutdown", SERVE_CLOSE_TIMEOUT);
        serving.set(stop);
        URI base = live.http().orElseThrow();
        out.println();
        out.println("serving " + base.resolve("/metrics") + ", " + base.resolve("/health/ready") + ", "
                + base.resolve("/health/live") + " and " + base.resolve("/users/") + "{id} until interrupted (Ctrl-C)");
        out.flush();
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.println("stopping");
        out.flush();
    }

    static void print(DemoSummary s, PrintWriter out) {
        out.println();
        out.println("segmenter demo: " + String.join(", ", s.sources()));
        out.printf("  lines read         %,d  (accepted %,d, malformed %,d, skipped %,d)%n",
                s.linesRead(), s.linesAccepted(), s.malformedLines(), s.skippedLines());
        out.printf("  events published   %,d%n", s.eventsPublished());
        out.printf("  events processed   %,d%n", s.eventsProcessed());
        out.printf("  dead-lettered      %,d  %s%n", s.deadLettered(), s.deadLetteredByReason());
        out.printf("  late (dropped)     %,d%n", s.lateDropped());
        out.printf("  users with features %,d  (in store %,d, evicted as idle %,d)%n",
                s.usersWithFeatures(), s.usersInStore(), s.usersEvicted());
        out.printf("  users scored       %,d  (model %s)%n", s.usersScored(), s.modelVersion());
        out.printf("  segment changes    %,d  (and %,d segments deleted with their evicted users)%n",
                s.segmentChanges(), s.segmentsForgotten());
        out.printf("  fraud anomalies    %,d%n", s.anomalies());
        out.printf("  elapsed            %.1f s%n", s.elapsedMillis() / 1000.0);
        if (!s.malformedExamples().isEmpty()) {
            out.println("  malformed lines (first few):");
            s.malformedExamples().forEach(e -> out.println("    " + e));
        }
        if (!s.deadLetterExamples().isEmpty()) {
            out.println("  dead letters (one per reason):");
            s.deadLetterExamples().forEach(e -> out.println("    " + e));
        }
        if (!s.segmentChangeExamples().isEmpty()) {
            out.println("  segment changes (a few):");
            s.segmentChangeExamples().forEach(e -> out.println("    " + e));
        }
        if (!s.anomalyExamples().isEmpty()) {
            out.println("  fraud anomalies (a few):");
            s.anomalyExamples().forEach(e -> out.println("    " + e));
        }
        if (s.problems().isEmpty()) {
            out.println("  counts reconcile: linesRead = accepted + malformed + skipped; published = processed + dead-lettered;");
            out.println("                    every user with features has a segment, from the live model");
        } else {
            s.problems().forEach(p -> out.println("  PROBLEM: " + p));
        }
    }
}
