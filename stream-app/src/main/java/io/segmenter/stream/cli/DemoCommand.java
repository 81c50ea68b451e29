package io.segmenter.stream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.stream.demo.DemoRunner;
import io.segmenter.stream.demo.DemoSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code segmenter demo}: the embedded default, needing nothing installed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start an embedded Kafka broker and an in-memory schema registry, replay the bundled sample",
            "(or --data files), run the topology until every record is processed, print a summary and exit.",
            "Exit code 0 when the counts reconcile, 1 when they do not."})
final class DemoCommand implements Callable<Integer> {

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

    @Override
    public Integer call() throws Exception {
        List<DatasetSource> sources = datasets.sources(spec.commandLine());
        if (sources.isEmpty()) {
            sources = DemoRunner.bundledSample();
        }
        DemoSummary summary = new DemoRunner().run(new DemoRunner.Options(sources, speed, config.resolve(System.getenv())));
        PrintWriter out = spec.commandLine().getOut();
        print(summary, out);
        if (summaryJson != null) {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(summaryJson.toFile(), summary);
            out.println("summary written to " + summaryJson);
        }
        out.flush();
        return summary.problems().isEmpty() ? 0 : 1;
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
        out.printf("  elapsed            %.1f s%n", s.elapsedMillis() / 1000.0);
        if (!s.malformedExamples().isEmpty()) {
            out.println("  malformed lines (first few):");
            s.malformedExamples().forEach(e -> out.println("    " + e));
        }
        if (!s.deadLetterExamples().isEmpty()) {
            out.println("  dead letters (one per reason):");
            s.deadLetterExamples().forEach(e -> out.println("    " + e));
        }
        if (s.problems().isEmpty()) {
            out.println("  counts reconcile: linesRead = accepted + malformed + skipped; published = processed + dead-lettered");
        } else {
            s.problems().forEach(p -> out.println("  PROBLEM: " + p));
        }
    }
}
