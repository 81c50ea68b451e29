package io.segmenter.trainer.report;

import io.segmenter.model.ModelBundle;
import io.segmenter.model.SegmentInfo;
import io.segmenter.trainer.Metrics;
import io.segmenter.trainer.SegmentCountSelector;
import io.segmenter.trainer.SegmentEvaluation;
import io.segmenter.trainer.SegmentOutcomes;
import io.segmenter.trainer.SegmentProfile;
import io.segmenter.trainer.Trainer;
import io.segmenter.trainer.data.TrainingData;
import io.segmenter.trainer.eval.ReliabilityBin;
import io.segmenter.trainer.fraud.FraudReport;
import io.segmenter.trainer.predict.Backtest;
import io.segmenter.trainer.predict.BacktestText;
import io.segmenter.trainer.predict.OutcomeRow;
import io.segmenter.trainer.predict.PredictionEvaluation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code report.html}: one self-contained XHTML page (inline SVG, inline CSS, no script, nothing
 * fetched) with the plots a person looks at after training or evaluating: segment sizes, the
 * segments' feature profiles as a z-score heat map, future purchase rate per segment, confusion
 * matrices of the DL4J classifier and the naive-Bayes baseline, the classifier's loss, and for
 * fraud the ROC and precision-recall curves (hand rules as points) and the score distribution.
 */
public final class HtmlReport {

    /** Features shown in the profile heat map: those with the largest |z| in any segment. */
    public static final int PROFILE_FEATURES = 16;

    private HtmlReport() {
    }

    /** The report of a training run. */
    public static String train(Trainer.Run run) {
        Page page = new Page("Training report " + run.bundle().modelVersion());
        page.facts(run.bundle(), run.data(), "seed " + run.options().seed() + "; options " + run.options().command());
        page.targets(MetricsJson.train(run));
        List<SegmentInfo> catalogue = run.bundle().segments();
        List<String> names = names(catalogue);

        page.heading("Segments");
        page.paragraph(String.format(Locale.ROOT, "k = %d, chosen by the best mean silhouette among k in [%d, %d] whose smallest"
                + " segment holds at least %.0f%% of the %d training users; defined on %s.", run.segments().k(),
                run.options().segments().minK(), run.options().segments().maxK(),
                run.options().segments().minSegmentShare() * 100, run.segments().trainUsers().size(),
                String.join(", ", run.segments().clustering().features())));
        double[] sizes = run.segments().profiles().stream().mapToDouble(SegmentProfile::size).toArray();
        page.svg(Svg.bars("Segment sizes (training users)", names, sizes, "%.0f"));
        page.svg(candidates(run.segments().selection()));
        page.svg(profiles(run.segments().profiles(), names));
        page.table(List.of("#", "segment", "description"), descriptions(catalogue));
        segmentSections(page, run.segmentHeldOut(), names, "held-out users");
        double[] losses = run.segmentLosses().stream().mapToDouble(Double::doubleValue).toArray();
        if (losses.length > 0) {
            page.svg(Svg.curve("Segment classifier training loss per epoch", "epoch", losses));
        }
        page.heading("Fraud");
        page.paragraph("Threshold: " + run.fraud().thresholdRule());
        run.fraudHeldOut().ifPresentOrElse(r -> fraudSections(page, r, "held-out labelled purchases"),
                () -> page.paragraph("No held-out labelled purchases with both classes: no fraud curves."));
        page.heading("Predictions");
        run.predictions().ifPresentOrElse(p -> predictionSections(page, p),
                () -> page.paragraph("None in this bundle: the data cannot support the default periods."));
        return page.close();
    }

    /** The report of an evaluation. */
    public static String evaluate(ModelBundle bundle, TrainingData data, Optional<SegmentEvaluation.Result> segments,
            Optional<FraudReport> fraud, Map<String, Object> metrics) {
        Page page = new Page("Evaluation of " + bundle.modelVersion());
        page.facts(bundle, data, "");
        page.targets(metrics);
        List<String> names = names(bundle.segments());
        page.heading("Segments");
        page.table(List.of("#", "segment", "description"), descriptions(bundle.segments()));
        segments.ifPresentOrElse(s -> segmentSections(page, s, names, "evaluated users"),
                () -> page.paragraph("No behaviour data: segments not evaluated."));
        page.heading("Fraud");
        fraud.ifPresentOrElse(r -> fraudSections(page, r, "labelled purchases"),
                () -> page.paragraph("No labelled purchases with both classes: fraud not evaluated."));
        return page.close();
    }

    private static void segmentSections(Page page, SegmentEvaluation.Result r, List<String> names, String who) {
        page.svg(Svg.bars("Users per predicted segment (" + who + ")", names,
                java.util.Arrays.stream(r.predictedSizes()).asDoubleStream().toArray(), "%.0f"));
        page.svg(Svg.bars("Purchase rate in the period after the cut, by predicted segment (" + who + ")", names,
                r.outcomes().segments().stream().mapToDouble(SegmentOutcomes.Row::purchaseRate).toArray(), "%.3f"));
        page.paragraph(String.format(Locale.ROOT, "Highest purchase rate over lowest, among segments of at least "
                + SegmentEvaluation.MIN_USERS_FOR_RATIO + " users: %.2f (target 3). Users changing"
                + " segment per day of replay: %.3f.", r.purchaseRateRatio(), r.meanDailyChangeShare()));
        r.labels().ifPresent(l -> {
            page.paragraph(String.format(Locale.ROOT, "Against the segment labels: DL4J macro-F1 %.3f, naive Bayes %.3f"
                    + " (margin %+.3f, target +0.05), always-the-largest-segment %.3f.", l.dl4j().macroF1(),
                    l.naiveBayes().macroF1(), l.margin(), l.majority().macroF1()));
            page.svg(Svg.confusion("DL4J classifier vs segment labels (" + who + ")", names, l.dl4j().counts()));
            page.svg(Svg.confusion("Naive Bayes baseline vs segment labels (" + who + ")", names, l.naiveBayes().counts()));
        });
    }

    private static void fraudSections(Page page, FraudReport r, String who) {
        page.paragraph(String.format(Locale.ROOT, "%d %s, %d fraud. Score: %s, threshold %.4f: precision %.3f, recall %.3f,"
                + " false-positive rate %.4f. ROC-AUC %.3f, PR-AUC %.3f.", r.purchases(), who, r.frauds(), r.scoreSource(),
                r.threshold(), r.precision(), r.recall(), r.falsePositiveRate(), r.rocAuc(), r.prAuc()));
        List<Svg.Point> rules = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (FraudReport.RuleComparison c : r.handRules()) {
            rules.add(new Svg.Point(c.rule().rule().name(), c.rule().recall(), c.rule().precision()));
            rows.add(List.of(c.rule().rule().name(), fmt(c.rule().precision()), fmt(c.rule().recall()),
                    fmt(c.modelRecallAtRulePrecision()), c.modelBeatsRule() ? "yes" : "no"));
        }
        rules.add(new Svg.Point("model at its threshold", r.recall(), r.precision()));
        page.svg(Svg.lines("ROC curve", "false-positive rate", "true-positive rate",
                List.of(series("model", r.rocCurve(), true)), List.of(), true));
        page.svg(Svg.lines("Precision-recall curve (points: hand rules and the model's threshold)", "recall", "precision",
                List.of(series("model", r.precisionRecallCurve(), false)), rules, false));
        FraudReport.ScoreHistogram h = r.histogram();
        page.svg(Svg.histogram("Score distribution (share of each class per bin)", "fraud score", 0, 1,
                List.of("legitimate", "fraud"), List.of(h.legitimate(), h.fraud())));
        page.table(List.of("hand rule", "precision", "recall", "model recall at that precision", "model beats it"), rows);
    }

    private static Svg.Series series(String name, List<Metrics.CurvePoint> points, boolean roc) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            Metrics.CurvePoint p = points.get(i);
            x[i] = roc ? p.falsePositiveRate() : p.recall();
            y[i] = roc ? p.truePositiveRate() : p.precision();
        }
        return new Svg.Series(name, x, y);
    }

    private static String candidates(SegmentCountSelector.Selection selection) {
        List<String> labels = new ArrayList<>();
        double[] values = new double[selection.candidates().size()];
        for (int i = 0; i < values.length; i++) {
            SegmentCountSelector.Candidate c = selection.candidates().get(i);
            labels.add("k=" + c.k() + (c.eligible() ? "" : " (a segment too small)") + (c.k() == selection.k() ? " chosen" : ""));
            values[i] = c.silhouette();
        }
        return Svg.bars("Mean silhouette per k", labels, values, "%.3f");
    }

    /** z-score heat map: segments by the features that set some segment apart most. */
    static String profiles(List<SegmentProfile> profiles, List<String> names) {
        Set<String> features = new LinkedHashSet<>();
        profiles.stream().flatMap(p -> p.deviations().stream())
                .sorted(Comparator.comparingDouble((SegmentProfile.Deviation d) -> -Math.abs(d.z())))
                .forEach(d -> {
                    if (features.size() < PROFILE_FEATURES) {
                        features.add(d.feature());
                    }
                });
        List<String> columns = List.copyOf(features);
        double[][] z = new double[profiles.size()][columns.size()];
        for (int r = 0; r < profiles.size(); r++) {
            for (SegmentProfile.Deviation d : profiles.get(r).deviations()) {
                int c = columns.indexOf(d.feature());
                if (c >= 0) {
                    z[r][c] = d.z();
                }
            }
        }
        return Svg.heatMap("Feature profiles: segment mean minus population mean, in standard deviations", names, columns, z,
                2.0);
    }

    private static List<String> names(List<SegmentInfo> catalogue) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < catalogue.size(); i++) {
            out.add((i + 1) + " " + catalogue.get(i).name());
        }
        return out;
    }

    private static List<List<String>> descriptions(List<SegmentInfo> catalogue) {
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < catalogue.size(); i++) {
            SegmentInfo s = catalogue.get(i);
            rows.add(List.of(Integer.toString(i + 1), s.name() + " (" + s.id() + ")", s.description()));
        }
        return rows;
    }

    /** A reliability point from fewer rows than this is noise, not calibration: it is left out of the plot. */
    static final int MIN_ROWS_PER_RELIABILITY_POINT = 10;

    /** The page of {@code backtest}: the tables, a reliability plot and the top-decile lift of every model. */
    public static String backtest(Backtest.Result r) {
        Page page = new Page("Predictions measured on a later period");
        predictionSections(page, r);
        return page.close();
    }

    private static void predictionSections(Page page, Backtest.Result r) {
        page.paragraph(r.targets().describe() + ". Every figure with its bootstrap 95% interval over users.");
        for (PredictionEvaluation.KindResult k : r.kinds()) {
            String kind = k.kind() == OutcomeRow.CutKind.DAILY ? "Daily cuts" : "Event cuts (as the stream scores)";
            page.heading(String.format(Locale.ROOT, "%s: %,d rows of %,d users", kind, k.rows(), k.users()));
            List<List<String>> rows = new ArrayList<>();
            List<Svg.Series> reliability = new ArrayList<>();
            List<String> liftNames = new ArrayList<>();
            List<Double> lifts = new ArrayList<>();
            for (PredictionEvaluation.ModelFigures m : k.models()) {
                m.purchase().ifPresent(b -> {
                    rows.add(List.of(m.model(), BacktestText.ci(b.rocAuc()), BacktestText.ci(b.prAuc()),
                            BacktestText.ci(b.lift()), b.brier().map(BacktestText::ci).orElse("-"),
                            b.ece().map(BacktestText::ci).orElse("-"),
                            m.purchases().map(c -> BacktestText.ci(c.rmse())).orElse("-")));
                    if (!b.reliability().isEmpty()) {
                        List<ReliabilityBin> bins = b.reliability().stream()
                                .filter(bin -> bin.count() >= MIN_ROWS_PER_RELIABILITY_POINT).toList();
                        reliability.add(new Svg.Series(m.model(), bins.stream().mapToDouble(ReliabilityBin::meanPredicted)
                                .toArray(), bins.stream().mapToDouble(ReliabilityBin::observedRate).toArray()));
                    }
                    liftNames.add(m.model());
                    lifts.add(b.lift().point());
                });
            }
            page.table(List.of("model", "purchase ROC-AUC", "PR-AUC", "top-decile lift", "Brier", "calibration error",
                    "orders RMSE"), rows);
            page.svg(Svg.lines("Reliability of P(order): observed against predicted, per tenth of predicted (tenths of at"
                    + " least " + MIN_ROWS_PER_RELIABILITY_POINT + " rows)",
                    "predicted", "observed", reliability, List.of(), true));
            page.svg(Svg.bars("Top-decile lift of P(order) (share of buyers in the top 10% over the base rate)", liftNames,
                    lifts.stream().mapToDouble(Double::doubleValue).toArray(), "%.2f"));
            List<List<String>> cmp = new ArrayList<>();
            for (PredictionEvaluation.Comparison c : k.comparisons()) {
                cmp.add(List.of(c.figure(), c.baseline(), BacktestText.ci(c.difference())));
            }
            if (!cmp.isEmpty()) {
                page.paragraph("DL4J minus each baseline on the same resamples: an interval without 0 is a difference the data"
                        + " shows.");
                page.table(List.of("figure", "baseline", "difference"), cmp);
            }
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** The page being written. */
    private static final class Page {
        private final StringBuilder sb = new StringBuilder();

        Page(String title) {
            sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>")
                    .append("<title>").append(Svg.escape(title)).append("</title><style>")
                    .append("body{font-family:sans-serif;margin:24px;max-width:1100px}svg{display:block;margin:12px 0}")
                    .append("table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;")
                    .append("text-align:left;vertical-align:top}.met{color:#2ca02c}.missed{color:#d62728}")
                    .append("</style></head><body><h1>").append(Svg.escape(title)).append("</h1>\n");
        }

        void facts(ModelBundle bundle, TrainingData data, String how) {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("model version", bundle.modelVersion()));
            rows.add(List.of("created (newest training event)", bundle.createdTime().toString()));
            rows.add(List.of("bundle sha256", bundle.fileSha256()));
            rows.add(List.of("feature definition", bundle.featureDefinitionHash()));
            for (TrainingData.Source s : data.sources()) {
                rows.add(List.of(s.labelled() ? "data (fraud)" : "data", s.describe()));
            }
            if (!how.isEmpty()) {
                rows.add(List.of("run", how));
            }
            table(List.of("", ""), rows);
        }

        @SuppressWarnings("unchecked")
        void targets(Map<String, Object> metrics) {
            Object t = metrics.get("targets");
            if (!(t instanceof Map<?, ?> targets) || targets.isEmpty()) {
                return;
            }
            heading("Targets");
            sb.append("<table><tr><th>target</th><th>value</th><th>wanted</th><th>met</th></tr>");
            for (Map.Entry<?, ?> e : targets.entrySet()) {
                Map<String, Object> m = (Map<String, Object>) e.getValue();
                boolean met = Boolean.TRUE.equals(m.get("met"));
                Object value = m.get("value");
                sb.append("<tr><td>").append(Svg.escape(e.getKey().toString())).append("</td><td>")
                        .append(value == null ? "" : Svg.escape(String.format(Locale.ROOT, "%.3f", (Double) value)))
                        .append("</td><td>").append(Svg.escape(String.valueOf(m.get("target")))).append("</td><td class=\"")
                        .append(met ? "met\">yes" : "missed\">no").append("</td></tr>");
            }
            sb.append("</table>\n");
        }

        void heading(String text) {
            sb.append("<h2>").append(Svg.escape(text)).append("</h2>\n");
        }

        void paragraph(String text) {
            sb.append("<p>").append(Svg.escape(text)).append("</p>\n");
        }

        void svg(String svg) {
            sb.append(svg).append('\n');
        }

        void table(List<String> header, List<List<String>> rows) {
            sb.append("<table><tr>");
            header.forEach(h -> sb.append("<th>").append(Svg.escape(h)).append("</th>"));
            sb.append("</tr>");
            for (List<String> row : rows) {
                sb.append("<tr>");
                row.forEach(c -> sb.append("<td>").append(Svg.escape(c)).append("</td>"));
                sb.append("</tr>");
            }
            sb.append("</table>\n");
        }

        String close() {
            return sb.append("</body></html>\n").toString();
        }
    }
}
