package io.segmenter.trainer.cli;

import io.segmenter.model.ModelBundle;
import io.segmenter.model.PredictiveHeads;
import io.segmenter.trainer.Evaluator;
import io.segmenter.trainer.SegmentBaseline;
import io.segmenter.trainer.TrainingProgress;
import io.segmenter.trainer.UserSplit;
import io.segmenter.trainer.data.TrainingData;
import io.segmenter.trainer.predict.Backtest;
import io.segmenter.trainer.predict.BacktestText;
import io.segmenter.trainer.predict.HeadsEvaluation;
import io.segmenter.trainer.report.HtmlReport;
import io.segmenter.trainer.report.MetricsJson;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: a bundle on data, to {@code DIR/metrics.json} and {@code DIR/report.html}. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Measure a bundle on data: segment macro-F1 of DL4J and naive Bayes against the segment labels"
                + " (needs baseline.json), segment stability, purchase rate per segment after the cut, fraud metrics"
                + " beside the hand rules on labelled purchases.",
            "Writes DIR/metrics.json and DIR/report.html."})
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "BUNDLE", required = true, description = "The model bundle (zip).")
    Path model;

    @Option(names = "--baseline", paramLabel = "FILE",
            description = "The bundle's baseline.json (clustering and naive Bayes). Default: baseline.json beside the bundle, when there.")
    Path baseline;

    @Mixin
    DataOptions data;

    @Option(names = "--horizon", defaultValue = "P1D",
            description = "Outcome period after the snapshot (ISO-8601), at most a third of each source's span. Default: ${DEFAULT-VALUE}.")
    Duration horizon;

    @Option(names = "--history-days", defaultValue = "6", description = "Daily snapshots for stability. Default: ${DEFAULT-VALUE}.")
    int historyDays;

    @Option(names = "--held-out-seed", paramLabel = "SEED",
            description = "Evaluate only the users a training run with this seed held out (with --test-share).")
    Long heldOutSeed;

    @Option(names = "--test-share", defaultValue = "0.3", description = "With --held-out-seed: the share held out. Default: ${DEFAULT-VALUE}.")
    double testShare;

    @Option(names = "--test-from", paramLabel = "DATE",
            description = "Measure the bundle's predictions only on cuts from this day on (yyyy-MM-dd, midnight of each"
                    + " source's zone). Default: every cut whose period is observed.")
    LocalDate testFrom;

    @Option(names = "--resamples", defaultValue = "1000",
            description = "Bootstrap resamples per interval of the prediction figures. Default: ${DEFAULT-VALUE}.")
    int resamples;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Output directory.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (resamples < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--resamples must be at least 1");
        }
        ModelBundle bundle = ModelBundle.read(model);
        Path baselineFile = baseline != null ? baseline : model.toAbsolutePath().resolveSibling(SegmentBaseline.FILE_NAME);
        Optional<SegmentBaseline> known = Optional.empty();
        if (Files.isRegularFile(baselineFile)) {
            known = Optional.of(SegmentBaseline.read(baselineFile));
        } else if (baseline != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cannot read --baseline " + baseline);
        } else {
            err.println("no " + baselineFile + ": macro-F1 against the segment labels is not measured");
        }
        if (!data.given()) {
            err.println("no --data given: evaluating on the bundled sample data/sample");
        }
        TrainingData loaded = TrainingData.load(data.sources(spec.commandLine()));
        loaded.sources().forEach(s -> err.println("read " + s.describe()));
        err.flush();
        Evaluator.Options options = new Evaluator.Options(horizon, historyDays,
                Optional.ofNullable(heldOutSeed).map(s -> new UserSplit(s, testShare)));
        Evaluator.Result result = Evaluator.evaluate(bundle, known, loaded, options);
        Map<String, Object> metrics = MetricsJson.evaluate(bundle, loaded, result.segments(), result.fraud(), known.isPresent());
        Files.createDirectories(out);
        MetricsJson.write(out.resolve(Outputs.METRICS), metrics);
        Files.writeString(out.resolve(Outputs.REPORT), HtmlReport.evaluate(bundle, loaded, result.segments(), result.fraud(),
                metrics), StandardCharsets.UTF_8);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "model %s on %d events%n", bundle.modelVersion(), loaded.eventCount());
        result.segments().ifPresentOrElse(s -> Outputs.printSegments(s, heldOutSeed == null ? "users" : "held-out users",
                stdout), () -> stdout.println("  segments: no behaviour data"));
        Outputs.printFraud(result.fraud(), "labelled purchases", stdout);
        bundle.predictiveHeads().ifPresentOrElse(heads -> printPredictions(heads, bundle, loaded, stdout, err),
                () -> stdout.println("  predictions: the bundle has no predictive heads"));
        stdout.printf(Locale.ROOT, "  wrote %s, %s in %s%n", Outputs.METRICS, Outputs.REPORT, out);
        stdout.flush();
        return 0;
    }

    /**
     * The bundle's heads beside the baselines, which learn from the cuts before the test start; where
     * the data has no such cuts, the heads alone on every observed cut (with a warning when a row may
     * have trained them).
     */
    private void printPredictions(PredictiveHeads heads, ModelBundle bundle, TrainingData data, PrintWriter stdout,
            PrintWriter err) {
        try {
            Backtest.Result measured = Backtest.measure(data, heads, Optional.ofNullable(testFrom), resamples, SEED,
                    TrainingProgress.printingTo(err));
            stdout.print(BacktestText.format(measured).indent(2));
            String notes = bundle.manifest().notes() == null ? "" : bundle.manifest().notes();
            notes.lines().filter(l -> l.startsWith("predictions: ")).findFirst().ifPresent(l -> stdout.println(
                    "  the bundle's notes say its heads were " + l.substring("predictions: ".length()).replaceFirst("^[^;]*; ", "")
                    + ": test cuts of the same data from that start on are held out, earlier ones are not"));
        } catch (IllegalArgumentException e) {
            stdout.println("  predictions: no baselines (" + e.getMessage() + "); the bundle's heads alone:");
            stdout.print(HeadsEvaluation.run(heads, bundle.createdTime(), data, Optional.ofNullable(testFrom), resamples, SEED)
                    .format().indent(2));
        }
    }

    /** Seed of the baselines and of the bootstrap. */
    private static final long SEED = 42;
}
