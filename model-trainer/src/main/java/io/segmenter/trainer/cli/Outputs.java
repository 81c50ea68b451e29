package io.segmenter.trainer.cli;

import io.segmenter.trainer.SegmentBaseline;
import io.segmenter.trainer.SegmentEvaluation;
import io.segmenter.trainer.Trainer;
import io.segmenter.trainer.fraud.FraudReport;
import io.segmenter.trainer.predict.BacktestText;
import io.segmenter.trainer.report.HtmlReport;
import io.segmenter.trainer.report.MetricsJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The files a command writes, and the summary it prints. */
final class Outputs {

    static final String MODEL = "model.zip";
    static final String METRICS = "metrics.json";
    static final String REPORT = "report.html";

    private Outputs() {
    }

    /** {@code dir/model.zip}, {@code baseline.json}, {@code metrics.json}, {@code report.html}. */
    static void writeTraining(Trainer.Run run, Path dir) throws IOException {
        Files.createDirectories(dir);
        run.bundle().write(dir.resolve(MODEL));
        run.baseline().write(dir.resolve(SegmentBaseline.FILE_NAME));
        MetricsJson.write(dir.resolve(METRICS), MetricsJson.train(run));
        Files.writeString(dir.resolve(REPORT), HtmlReport.train(run), StandardCharsets.UTF_8);
        if (run.predictions().isPresent()) {
            BacktestCommand.write(run.predictions().get(), dir);
        }
    }

    static void printTraining(Trainer.Run run, Path dir, PrintWriter out) {
        out.printf(Locale.ROOT, "model %s (%d segments) -> %s%n", run.bundle().modelVersion(), run.bundle().segmentCount(),
                dir.resolve(MODEL));
        out.printf(Locale.ROOT, "  sha256 %s, created %s%n", run.bundle().fileSha256(), run.bundle().createdTime());
        for (int i = 0; i < run.bundle().segmentCount(); i++) {
            out.printf(Locale.ROOT, "  segment %d %-44s %s%n", i + 1, run.bundle().segment(i).name(),
                    run.bundle().segment(i).description());
        }
        printSegments(run.segmentHeldOut(), "held-out users", out);
        printFraud(run.fraudHeldOut(), "held-out labelled purchases", out);
        run.predictions().ifPresentOrElse(p -> out.print(BacktestText.format(p).indent(2)),
                () -> out.println("  predictions: none in this bundle (the data cannot support the default periods)"));
        out.printf(Locale.ROOT, "  wrote %s, %s, %s, %s%s in %s (%.1f s)%n", MODEL, SegmentBaseline.FILE_NAME, METRICS, REPORT,
                run.predictions().isPresent() ? ", " + BacktestCommand.JSON + ", " + BacktestCommand.HTML : "", dir,
                run.elapsed().toMillis() / 1000.0);
    }

    static void printSegments(SegmentEvaluation.Result s, String who, PrintWriter out) {
        s.labels().ifPresentOrElse(l -> out.printf(Locale.ROOT,
                "  segments on %d %s: macro-F1 DL4J %.3f, naive Bayes %.3f (margin %+.3f, target +0.05)%n", s.users(), who,
                l.dl4j().macroF1(), l.naiveBayes().macroF1(), l.margin()),
                () -> out.printf(Locale.ROOT, "  segments on %d %s: no baseline, macro-F1 not measured%n", s.users(), who));
        StringBuilder rates = new StringBuilder();
        s.outcomes().segments().forEach(r -> rates.append(String.format(Locale.ROOT, " %d:%.3f(n=%d)", r.segment() + 1,
                r.purchaseRate(), r.users())));
        out.printf(Locale.ROOT, "  purchase rate after the cut by predicted segment:%s; highest/lowest %.2f (segments of >= %d users; target 3)%n",
                rates, s.purchaseRateRatio(), SegmentEvaluation.MIN_USERS_FOR_RATIO);
        out.printf(Locale.ROOT, "  users changing segment per day: %.3f%n", s.meanDailyChangeShare());
    }

    static void printFraud(Optional<FraudReport> fraud, String who, PrintWriter out) {
        fraud.ifPresentOrElse(f -> {
            out.printf(Locale.ROOT, "  fraud on %d %s (%d fraud): %s >= %.4f precision %.3f recall %.3f fpr %.4f;"
                    + " ROC-AUC %.3f PR-AUC %.3f%n", f.purchases(), who, f.frauds(), f.scoreSource(), f.threshold(),
                    f.precision(), f.recall(), f.falsePositiveRate(), f.rocAuc(), f.prAuc());
            f.handRules().forEach(r -> out.printf(Locale.ROOT, "    hand rule %-36s precision %.3f recall %.3f; model recall"
                    + " at that precision %.3f%n", r.rule().rule().name(), r.rule().precision(), r.rule().recall(),
                    r.modelRecallAtRulePrecision()));
        }, () -> out.printf(Locale.ROOT, "  fraud: no %s with both classes%n", who));
    }
}
