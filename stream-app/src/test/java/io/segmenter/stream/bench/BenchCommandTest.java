package io.segmenter.stream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What the command makes of a run's report, without Kafka: the exit code follows the output checks. */
class BenchCommandTest {

    @TempDir
    Path dir;

    @Test
    void exitsNonZeroWhenTheOutputChecksFindAProblemHoweverFastTheRun() throws IOException {
        // a fast run in which 19 of 100 users never got a segment
        BenchChecks.Observed broken = new BenchChecks.Observed(1_000, 100, 1_000, 100, 200, 1_200, 100, 1_000, 100, 1_000, 0, 100, 81, 140, 0, 0,
                false, 0, 0, 0, 0, 0, 0, 0);
        Path json = dir.resolve("broken.json");
        StringWriter out = new StringWriter();

        int exit = execute(out, options -> report(900_000, 850_000, BenchChecks.problems(broken)), "--summary-json", json.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("PROBLEM: fewer users scored than users seen");
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertThat(r.get("problems").get(0).asText()).contains("81 users got a segment, 100 got features");
        assertThat(r.get("ratio").asDouble()).isGreaterThan(0.9);
        assertThat(r.get("scoringMicrosPerUser").asDouble()).isEqualTo(3.5);
        assertThat(r.get("scoringBatchMicrosPerUser").asDouble()).isEqualTo(48.5);
        assertThat(r.get("scoringBatchMicrosPerPurchase").asDouble()).isEqualTo(60.25);
        assertThat(r.get("p99SegmentChangeLatencyMs").asLong()).isEqualTo(700);
        assertThat(r.get("p99AnomalyLatencyMs").asLong()).isEqualTo(850);
        assertThat(out.toString()).contains("p99 by output").contains("700 / 850 ms");
    }

    @Test
    void exitsZeroAndPassesTheOptionsThroughWhenTheOutputIsRight() throws IOException {
        AtomicReference<BenchRunner.Options> seen = new AtomicReference<>();
        StringWriter out = new StringWriter();

        int exit = execute(out, options -> {
            seen.set(options);
            return report(100_000, 60_000, List.of());
        }, "--events", "1234", "--users", "99", "--rate-fraction", "0.25", "--warmup", "7", "--latency-seconds", "1.5",
                "--time-scale", "0.5", "--set", "commit.interval.ms=250");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("output checks passed", "ratio pipeline / baseline   0.600",
                "data-flow baseline          25,000 events/s", "ratio data-flow / baseline  0.250",
                "ratio pipeline / data-flow  2.400", "two-hop data-flow / base    0.500                  50,000 events/s",
                "scoring per user (DL4J)     3.50 us", "4.50 us per purchase",
                "scoring batch per user      48.50 us", "60.25 us per purchase");
        BenchRunner.Options o = seen.get();
        assertThat(o.events()).isEqualTo(1234);
        assertThat(o.users()).isEqualTo(99);
        assertThat(o.rateFraction()).isEqualTo(0.25);
        assertThat(o.warmupEvents()).isEqualTo(7);
        assertThat(o.latencyDuration()).hasMillis(1500);
        assertThat(o.timeScale()).isEqualTo(0.5);
        assertThat(o.baseConfig().getLong("commit.interval.ms")).isEqualTo(250);
        assertThat(o.sources()).hasSize(3); // the bundled sample
    }

    @Test
    void refusesMoreUsersThanEvents() {
        StringWriter out = new StringWriter();

        int exit = execute(out, options -> {
            throw new AssertionError("must not run");
        }, "--events", "10", "--users", "11");

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).contains("need 0 < --users <= --events");
    }

    private static BenchReport report(double baseline, double pipeline, List<String> problems) {
        return new BenchReport(1_000, 100, 800, 200, 1, 1.0, 365, 0, "exactly_once_v2", 4, 100, 1,
                baseline, pipeline, pipeline / baseline, 1, 1, baseline / 4, 2, 0.25, pipeline / (baseline / 4), baseline / 2, 0.5, 0.5, pipeline / 2, 500, 50, 40, 2,
                120, 800, 950, 700, 850, 150, 900, 1000, 0, 3.5, 4.5, 48.5, 60.25, 200, 300, 90, 400_000_000, 100_000_000, 300_000_000,
                1_000, 0, 100, 100, 140, 120, 2, MachineInfo.current(), problems);
    }

    private static int execute(StringWriter out, BenchCommand.Runner runner, String... args) {
        CommandLine cli = new CommandLine(new BenchCommand(runner));
        PrintWriter writer = new PrintWriter(out);
        cli.setOut(writer);
        cli.setErr(writer);
        return cli.execute(args);
    }
}
