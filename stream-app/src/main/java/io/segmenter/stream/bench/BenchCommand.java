package io.segmenter.stream.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.demo.DemoRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code segmenter bench}: the full pipeline side by side with bare Kafka Streams, on one embedded broker. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {
            "Measure the full pipeline against a baseline on one embedded Kafka broker, print a table, exit "
                + "0 when the pipeline's output is right and 1 when it is not (events lost or dead-lettered, users "
                + "without a segment, ...).",
            "",
            "Input: real behaviour. The bundled sample (24,505 events of 5,640 users over 347 days) is "
                + "copied k = ceil(1.25 N / 24,505) times; copy c is shifted c/k of the sample's span later and "
                + "what falls past the end wraps to the start, so the copies spread the sample's uneven timeline "
                + "evenly (same mix and events per day throughout) while each keeps the sample's spacing. 1.25 N "
                + "events are kept, chosen uniformly by a seeded hash; each (copy, user) pair is a shopper (split "
                + "where the wrap cuts its history) and shopper j becomes user j mod U. Ids get the copy as a "
                + "suffix, IPv4 addresses are offset per copy. Event-time gaps are multiplied by --time-scale (1: "
                + "the sample's spacing) and the stream ends an hour ago. The first N events are published once; "
                + "the rest feed the latency phase. Details: docs/benchmarks.md.",
            "",
            "Baseline: the same broker, Avro serdes, event-time extractor, Streams settings (exactly-once by "
                + "default) and input, counting events per user into one store. Pipeline: the real application "
                + "(validation, features, device/IP counts, batched DL4J scoring, segment changes and anomalies). "
                + "Each runs alone with its own application id and a fresh state directory, after a warm-up on "
                + "separate topics; throughput is N divided by the time from its start (RUNNING or its first "
                + "record) until its committed offsets cover every input and repartition record.",
            "",
            "Latency: the stream's next events (the same shoppers carry on; at most N/4) are then published "
                + "at --rate-fraction times the pipeline's measured maximum for --latency-seconds; each output is "
                + "timed from the broker's append of the input event behind it (a segment change's triggering "
                + "event: that user's event with the change's triggeringEventTime; an anomaly's purchase) to the "
                + "broker's append of the output (topics use LogAppendTime), and to a read_committed reader "
                + "receiving it (\"visible\")."})
public final class BenchCommand implements Callable<Integer> {

    /** Runs the benchmark; tests give a stand-in to check what the command makes of a report. */
    interface Runner {
        BenchReport run(BenchRunner.Options options) throws IOException;
    }

    private final Runner runner;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", defaultValue = "500000", description = "Events to publish and process (default ${DEFAULT-VALUE}).")
    int events;

    @Option(names = "--users", paramLabel = "U", defaultValue = "50000", description = "Distinct users among them (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--summary-json", paramLabel = "FILE", description = "Also write the figures as JSON.")
    Path summaryJson;

    @Option(names = "--rate-fraction", paramLabel = "F", defaultValue = "0.5",
            description = "Offered load of the latency phase, as a fraction of the pipeline's measured maximum (default ${DEFAULT-VALUE}).")
    double rateFraction;

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "50000",
            description = "Events each application processes first, on separate topics, to warm up the JIT (default ${DEFAULT-VALUE}; 0 for none).")
    int warmup;

    @Option(names = "--latency-seconds", paramLabel = "S", defaultValue = "30",
            description = "How long the latency phase offers load (default ${DEFAULT-VALUE}; 0 skips it).")
    double latencySeconds;

    @Option(names = "--time-scale", paramLabel = "F", defaultValue = "1",
            description = "Multiply every event-time gap of the input by F, 0 < F <= 1 (default ${DEFAULT-VALUE}: the sample's "
                    + "spacing). Below 1 compresses time, for runs too small to replay a year of event time slowly.")
    double timeScale;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Seed of the input's selection (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A setting of the application (see README, Configuration). Repeatable. Streams settings "
                    + "(processing.guarantee, commit.interval.ms, num.stream.threads, topic.partitions, kafka.*) apply to "
                    + "the baseline too.")
    Map<String, String> settings = new LinkedHashMap<>();

    public BenchCommand() {
        this(options -> new BenchRunner().run(options));
    }

    BenchCommand(Runner runner) {
        this.runner = runner;
    }

    @Override
    public Integer call() throws IOException {
        AvroTrustedPackages.trustGeneratedClasses();
        if (events <= 0 || users <= 0 || users > events) {
            throw new CommandLine.ParameterException(spec.commandLine(), "need 0 < --users <= --events, got " + users + " and " + events);
        }
        if (rateFraction <= 0 || warmup < 0 || latencySeconds < 0 || !(timeScale > 0 && timeScale <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--rate-fraction must be positive, --warmup and --latency-seconds not negative, 0 < --time-scale <= 1");
        }
        SegmenterConfig.Builder config = SegmenterConfig.builder();
        settings.forEach(config::set);
        BenchRunner.Options options = new BenchRunner.Options(DemoRunner.bundledSample(), events, users, warmup, rateFraction,
                Duration.ofMillis(Math.round(latencySeconds * 1000)), timeScale, config.build(), seed);
        BenchReport report = runner.run(options);
        PrintWriter out = spec.commandLine().getOut();
        print(report, out);
        if (summaryJson != null) {
            try {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(summaryJson.toFile(), report);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + summaryJson, e);
            }
            out.println("summary written to " + summaryJson);
        }
        out.flush();
        return report.problems().isEmpty() ? 0 : 1;
    }

    static void print(BenchReport r, PrintWriter out) {
        MachineInfo m = r.machine();
        out.println();
        out.printf(Locale.ROOT, "segmenter bench: %,d events (%,d clicks, %,d purchases) of %,d users, %d copies of the sample,"
                        + " %.0f days of event time (time scale %s); warm-up %,d events%n", r.events(), r.clicks(), r.purchases(),
                r.users(), r.sampleCopies(), r.eventTimeSpanDays(), r.timeScale(), r.warmupEvents());
        out.printf(Locale.ROOT, "  %s, %d partitions, commit.interval.ms %d, %d stream thread(s)%n",
                r.processingGuarantee(), r.partitions(), r.commitIntervalMs(), r.streamThreads());
        out.printf(Locale.ROOT, "  machine: %d cores, %.1f GB, %s %s, max heap %.1f GB, GC %s, OMP_NUM_THREADS=%s%n",
                m.cores(), m.memoryBytes() / 1e9, m.jvm(), m.jvmVersion(), m.maxHeapBytes() / 1e9, m.gc(), m.ompNumThreads());
        out.println();
        row(out, "baseline (count per user)", String.format(Locale.ROOT, "%,.0f events/s", r.baselineEventsPerSec()),
                String.format(Locale.ROOT, "%.2f s", r.baselineSeconds()));
        row(out, "full pipeline", String.format(Locale.ROOT, "%,.0f events/s", r.pipelineEventsPerSec()),
                String.format(Locale.ROOT, "%.2f s", r.pipelineSeconds()));
        row(out, "ratio pipeline / baseline", String.format(Locale.ROOT, "%.3f", r.ratio()), "target >= 0.5");
        row(out, "data-flow baseline", String.format(Locale.ROOT, "%,.0f events/s", r.dataflowBaselineEventsPerSec()),
                String.format(Locale.ROOT, "%.2f s; the pipeline's topics and repartitions, a counter per stage", r.dataflowBaselineSeconds()));
        row(out, "ratio data-flow / baseline", String.format(Locale.ROOT, "%.3f", r.dataflowBaselineRatio()),
                "the most the pipeline's data flow allows");
        row(out, "ratio pipeline / data-flow", String.format(Locale.ROOT, "%.3f", r.pipelineToDataflowRatio()),
                "what the pipeline's own processing keeps");
        row(out, "two-hop data-flow / base", String.format(Locale.ROOT, "%.3f", r.twoHopBaselineRatio()),
                String.format(Locale.ROOT, "%,.0f events/s; purchases end at the IP count: the most any design with device/IP state allows",
                        r.twoHopBaselineEventsPerSec()));
        row(out, "latency p50 / p99 / max", String.format(Locale.ROOT, "%d / %d / %d ms", r.p50LatencyMs(), r.p99LatencyMs(), r.maxLatencyMs()),
                String.format(Locale.ROOT, "input append -> output append, at %,.0f events/s (%.2f of max); %,d samples",
                        r.offeredEventsPerSec(), r.rateFraction(), r.latencySegmentChangeSamples() + r.latencyAnomalySamples()));
        row(out, "p99 by output", String.format(Locale.ROOT, "%d / %d ms", r.p99SegmentChangeLatencyMs(), r.p99AnomalyLatencyMs()),
                String.format(Locale.ROOT, "segment changes (%,d) / anomalies (%,d; through three repartition topics)",
                        r.latencySegmentChangeSamples(), r.latencyAnomalySamples()));
        row(out, "visible p50 / p99 / max", String.format(Locale.ROOT, "%d / %d / %d ms",
                r.p50VisibleLatencyMs(), r.p99VisibleLatencyMs(), r.maxVisibleLatencyMs()), "input append -> read_committed reader");
        row(out, "scoring per user (DL4J)", String.format(Locale.ROOT, "%.2f us", r.scoringMicrosPerUser()),
                String.format(Locale.ROOT, "model call per row, target <= 5 us; %.0f users per batch; %.2f us per purchase",
                        r.meanUsersPerScoringBatch(), r.scoringMicrosPerPurchase()));
        row(out, "scoring batch per user", String.format(Locale.ROOT, "%.2f us", r.scoringBatchMicrosPerUser()),
                String.format(Locale.ROOT, "read, score, decide, reasons, emit; %.2f us per purchase", r.scoringBatchMicrosPerPurchase()));
        row(out, "state per user", String.format(Locale.ROOT, "%,.0f bytes", r.stateBytesPerUser()),
                String.format(Locale.ROOT, "feature-store values / %,d users in the store", r.usersInStore()));
        row(out, "peak heap", String.format(Locale.ROOT, "%,.0f MB", r.peakHeapBytes() / 1e6),
                String.format(Locale.ROOT, "whole JVM while the pipeline ran; live after GC %,.0f MB; baseline run %,.0f MB",
                        r.liveHeapAfterGcBytes() / 1e6, r.baselinePeakHeapBytes() / 1e6));
        out.println();
        out.printf(Locale.ROOT, "  pipeline processed %,d of %,d events (%,d dead-lettered); users with features %,d,"
                        + " with a segment %,d (user rows scored %,d); segment changes %,d; anomalies %,d%n",
                r.pipelineEventsProcessed(), r.events(), r.pipelineDeadLettered(), r.usersWithFeatures(), r.usersWithSegment(),
                r.userRowsScored(), r.segmentChanges(), r.anomalies());
        if (r.problems().isEmpty()) {
            out.println("  output checks passed");
        } else {
            r.problems().forEach(p -> out.println("  PROBLEM: " + p));
        }
    }

    private static void row(PrintWriter out, String what, String value, String note) {
        out.printf(Locale.ROOT, "  %-27s %-22s %s%n", what, value, note);
    }
}
