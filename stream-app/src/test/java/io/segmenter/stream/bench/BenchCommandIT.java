package io.segmenter.stream.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code bench} command end to end, in-process, on its own embedded broker, with a small
 * input: the figures it writes are present and consistent, and a run whose pipeline loses events
 * exits non-zero however fast it was.
 */
class BenchCommandIT {

    private static final List<String> POSITIVE = List.of("baselineEventsPerSec", "pipelineEventsPerSec", "ratio",
            "p50LatencyMs", "p99LatencyMs", "maxLatencyMs", "scoringMicrosPerUser", "scoringBatchMicrosPerUser", "stateBytesPerUser", "peakHeapBytes",
            "offeredEventsPerSec", "usersInStore", "dataflowBaselineEventsPerSec", "dataflowBaselineRatio",
            "pipelineToDataflowRatio", "twoHopBaselineEventsPerSec", "twoHopBaselineRatio");

    @TempDir
    Path dir;

    @Test
    void writesConsistentFiguresForARightOutput() throws IOException {
        Path json = dir.resolve("bench.json");
        StringWriter out = new StringWriter();

        // A year of event time compressed to 18 days, so no user idles 30 days and none is evicted:
        // this tests the harness. (Users evicted before their first scoring are a pipeline defect
        // that a run at the sample's own time scale reports: docs/benchmarks.md.)
        int exit = execute(out, "--events", "10000", "--users", "1000", "--warmup", "0", "--latency-seconds", "2",
                "--time-scale", "0.05", "--summary-json", json.toString());

        assertThat(exit).as(out.toString()).isZero();
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        for (String field : POSITIVE) {
            assertThat(r.has(field)).as(field).isTrue();
            assertThat(r.get(field).asDouble()).as(field).isPositive();
        }
        assertThat(r.get("ratio").asDouble())
                .isCloseTo(r.get("pipelineEventsPerSec").asDouble() / r.get("baselineEventsPerSec").asDouble(), within(1e-9));
        assertThat(r.get("dataflowBaselineRatio").asDouble()).isCloseTo(
                r.get("dataflowBaselineEventsPerSec").asDouble() / r.get("baselineEventsPerSec").asDouble(), within(1e-9));
        assertThat(r.get("pipelineToDataflowRatio").asDouble()).isCloseTo(
                r.get("pipelineEventsPerSec").asDouble() / r.get("dataflowBaselineEventsPerSec").asDouble(), within(1e-9));
        assertThat(r.get("twoHopBaselineRatio").asDouble()).isCloseTo(
                r.get("twoHopBaselineEventsPerSec").asDouble() / r.get("baselineEventsPerSec").asDouble(), within(1e-9));
        // the model call is timed within the batch
        assertThat(r.get("scoringMicrosPerUser").asDouble()).isLessThanOrEqualTo(r.get("scoringBatchMicrosPerUser").asDouble());
        assertThat(r.get("p50LatencyMs").asLong()).isLessThanOrEqualTo(r.get("p99LatencyMs").asLong());
        assertThat(r.get("p99LatencyMs").asLong()).isLessThanOrEqualTo(r.get("maxLatencyMs").asLong());
        assertThat(Math.max(r.get("p99SegmentChangeLatencyMs").asLong(), r.get("p99AnomalyLatencyMs").asLong()))
                .isLessThanOrEqualTo(r.get("maxLatencyMs").asLong());
        assertThat(r.get("p50VisibleLatencyMs").asLong()).isLessThanOrEqualTo(r.get("p99VisibleLatencyMs").asLong());
        assertThat(r.get("p99VisibleLatencyMs").asLong()).isLessThanOrEqualTo(r.get("maxVisibleLatencyMs").asLong());
        assertThat(r.get("offeredEventsPerSec").asDouble())
                .isCloseTo(0.5 * r.get("pipelineEventsPerSec").asDouble(), within(1e-6));
        assertThat(r.get("events").asLong()).isEqualTo(10_000);
        assertThat(r.get("users").asLong()).isEqualTo(1_000);
        assertThat(r.get("pipelineEventsProcessed").asLong()).isEqualTo(10_000);
        assertThat(r.get("pipelineDeadLettered").asLong()).isZero();
        assertThat(r.get("usersWithFeatures").asLong()).isEqualTo(1_000);
        assertThat(r.get("usersWithSegment").asLong()).isGreaterThanOrEqualTo(1_000);
        assertThat(r.get("usersInStore").asLong()).isBetween(1L, 1_000L);
        assertThat(r.get("latencySegmentChangeSamples").asLong() + r.get("latencyAnomalySamples").asLong())
                .isPositive();
        assertThat(r.get("problems")).isEmpty();
        JsonNode machine = r.get("machine");
        assertThat(machine.get("cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(machine.get("jvmVersion").asText()).isNotBlank();
        assertThat(machine.get("ompNumThreads").asText()).isEqualTo("1"); // failsafe sets it
        assertThat(out.toString()).contains("full pipeline", "output checks passed");
    }

    @Test
    void exitsNonZeroWhenThePipelineDropsEvents() throws IOException {
        Path json = dir.resolve("broken.json");
        StringWriter out = new StringWriter();

        // a unit-price limit of 1 makes the pipeline dead-letter every click with a price: valid input is lost
        int exit = execute(out, "--events", "3000", "--users", "300", "--warmup", "0", "--latency-seconds", "0",
                "--time-scale", "0.05", "--set", "max.unit.price=1", "--summary-json", json.toString());

        assertThat(exit).as(out.toString()).isEqualTo(1);
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("pipelineEventsProcessed").asLong()).isLessThan(3_000);
        assertThat(r.get("pipelineDeadLettered").asLong()).isPositive();
        assertThat(r.get("pipelineEventsPerSec").asDouble()).isPositive();
        assertThat(r.get("problems").toString()).contains("pipeline processed");
        assertThat(out.toString()).contains("PROBLEM: pipeline processed");
    }

    private static int execute(StringWriter out, String... args) {
        CommandLine cli = new CommandLine(new BenchCommand());
        PrintWriter writer = new PrintWriter(out);
        cli.setOut(writer);
        cli.setErr(writer);
        // as SegmenterCli does: a failure is exit 2, so exit 1 means "ran, and the output was wrong"
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            writer.println("error: " + ex + (ex.getCause() == null ? "" : ", caused by " + ex.getCause()));
            return 2;
        });
        return cli.execute(args);
    }
}
