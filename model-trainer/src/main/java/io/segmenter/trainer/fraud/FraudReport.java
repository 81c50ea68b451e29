package io.segmenter.trainer.fraud;

import io.segmenter.model.FraudScoreSource;
import io.segmenter.trainer.BinaryOutcome;
import io.segmenter.trainer.FraudHandRules;
import io.segmenter.trainer.Metrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How a bundle's fraud score did on labelled purchases, beside the hand rules on the same rows.
 * Made by {@link FraudEvaluation}; {@link #toJson()} is the {@code fraud} part of {@code metrics.json}.
 *
 * @param purchases            labelled purchases evaluated
 * @param frauds               of which labelled fraud
 * @param scoreSource          which score the threshold applies to
 * @param threshold            the bundle's threshold ({@code score >= threshold} flags)
 * @param rocAuc               ROC-AUC of the score
 * @param prAuc                PR-AUC of the score, as average precision
 * @param atThreshold          the counts, precision, recall and false-positive rate at the threshold
 * @param reconstructionRocAuc ROC-AUC of the reconstruction score alone (the unsupervised part)
 * @param supervisedRocAuc     ROC-AUC of the supervised probability alone; NaN without a head
 * @param rocCurve             ROC points from (0, 0), at most {@link FraudEvaluation#MAX_CURVE_POINTS}
 * @param precisionRecallCurve precision-recall points from the highest threshold down, at most
 *                             {@link FraudEvaluation#MAX_CURVE_POINTS}
 * @param histogram            the scores of fraud and legitimate purchases in equal bins over [0, 1]
 * @param handRules            each hand rule on the same purchases, with the model's recall at the
 *                             rule's precision
 * @param scores               the score of each evaluated purchase, in the order of the labelled samples
 *                             (not part of the JSON)
 */
public record FraudReport(int purchases, long frauds, FraudScoreSource scoreSource, double threshold, double rocAuc,
        double prAuc, BinaryOutcome atThreshold, double reconstructionRocAuc, double supervisedRocAuc,
        List<Metrics.CurvePoint> rocCurve, List<Metrics.CurvePoint> precisionRecallCurve, ScoreHistogram histogram,
        List<RuleComparison> handRules, double[] scores) {

    public FraudReport {
        Objects.requireNonNull(scoreSource, "scoreSource");
        Objects.requireNonNull(atThreshold, "atThreshold");
        Objects.requireNonNull(histogram, "histogram");
        rocCurve = List.copyOf(rocCurve);
        precisionRecallCurve = List.copyOf(precisionRecallCurve);
        handRules = List.copyOf(handRules);
        scores = scores.clone();
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    public double precision() {
        return atThreshold.precision();
    }

    public double recall() {
        return atThreshold.recall();
    }

    public double falsePositiveRate() {
        return atThreshold.falsePositiveRate();
    }

    /**
     * Whether the model beats every hand rule: along its precision-recall curve it reaches a higher
     * recall than the rule at the rule's precision or better.
     */
    public boolean beatsEveryHandRule() {
        return handRules.stream().allMatch(RuleComparison::modelBeatsRule);
    }

    /** Whether the bundle's threshold itself reaches at least {@code precision} and {@code recall}. */
    public boolean meets(double precision, double recall) {
        return precision() >= precision && recall() >= recall;
    }

    /**
     * A hand rule's result and the model's best recall at the rule's precision or better.
     *
     * @param rule                       the rule and its counts on the same purchases
     * @param modelRecallAtRulePrecision highest recall on the model's precision-recall curve among
     *                                   thresholds whose precision is at least the rule's (0 when none)
     */
    public record RuleComparison(FraudHandRules.RuleResult rule, double modelRecallAtRulePrecision) {

        public RuleComparison {
            Objects.requireNonNull(rule, "rule");
        }

        /** The model finds more fraud than the rule at the rule's precision or better. */
        public boolean modelBeatsRule() {
            return modelRecallAtRulePrecision > rule.recall();
        }
    }

    /**
     * Counts of scores in {@code counts.length} equal bins over [0, 1]; the last bin includes 1.
     *
     * @param binEdges   bin boundaries, one more than the bins
     * @param legitimate legitimate purchases per bin
     * @param fraud      fraud purchases per bin
     */
    public record ScoreHistogram(double[] binEdges, long[] legitimate, long[] fraud) {

        public ScoreHistogram {
            binEdges = binEdges.clone();
            legitimate = legitimate.clone();
            fraud = fraud.clone();
            if (legitimate.length != fraud.length || binEdges.length != fraud.length + 1) {
                throw new IllegalArgumentException("a histogram needs one more edge than bins, and equal bin counts");
            }
        }

        @Override
        public double[] binEdges() {
            return binEdges.clone();
        }

        @Override
        public long[] legitimate() {
            return legitimate.clone();
        }

        @Override
        public long[] fraud() {
            return fraud.clone();
        }

        /** Bins {@code scores} (each in [0, 1]) by label. */
        public static ScoreHistogram of(double[] scores, boolean[] isFraud, int bins) {
            if (bins < 1) {
                throw new IllegalArgumentException("bins must be at least 1: " + bins);
            }
            double[] edges = new double[bins + 1];
            for (int b = 0; b <= bins; b++) {
                edges[b] = (double) b / bins;
            }
            long[] legitimate = new long[bins];
            long[] fraud = new long[bins];
            for (int i = 0; i < scores.length; i++) {
                int bin = Math.min(bins - 1, Math.max(0, (int) Math.floor(scores[i] * bins)));
                if (isFraud[i]) {
                    fraud[bin]++;
                } else {
                    legitimate[bin]++;
                }
            }
            return new ScoreHistogram(edges, legitimate, fraud);
        }
    }

    /** A few lines for a console: the figures at the threshold, the AUCs and the hand rules side by side. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "fraud: %,d labelled purchases, %,d fraud (%.2f%%)%n", purchases,
                frauds, 100.0 * frauds / purchases));
        String model = String.format(Locale.ROOT, "model (%s >= %.6f)", scoreSource, threshold);
        sb.append(String.format(Locale.ROOT, "  %-41s precision %.4f  recall %.4f  FPR %.5f  flagged %,d%n", model,
                precision(), recall(), falsePositiveRate(), atThreshold.flagged()));
        sb.append(String.format(Locale.ROOT, "  ROC-AUC %.4f  PR-AUC %.4f  (reconstruction alone ROC-AUC %.4f)%n",
                rocAuc, prAuc, reconstructionRocAuc));
        for (RuleComparison c : handRules) {
            sb.append(String.format(Locale.ROOT, "  rule %-36s precision %.4f  recall %.4f  flagged %,6d"
                    + " | model recall at that precision %.4f%s%n", c.rule().rule().name(), c.rule().precision(),
                    c.rule().recall(), c.rule().outcome().flagged(), c.modelRecallAtRulePrecision(),
                    c.modelBeatsRule() ? " (beats)" : ""));
        }
        return sb.toString();
    }

    /**
     * Plain maps, lists, strings and numbers that Jackson writes as they are: every figure, the
     * curves (an infinite threshold written as null), the histogram and the hand rules. NaN values
     * are left out.
     */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("purchases", purchases);
        json.put("frauds", frauds);
        json.put("scoreSource", scoreSource.name());
        json.put("threshold", threshold);
        json.put("rocAuc", rocAuc);
        json.put("prAuc", prAuc);
        json.put("precision", precision());
        json.put("recall", recall());
        json.put("falsePositiveRate", falsePositiveRate());
        json.put("atThreshold", outcome(atThreshold));
        putFinite(json, "reconstructionRocAuc", reconstructionRocAuc);
        putFinite(json, "supervisedRocAuc", supervisedRocAuc);
        json.put("beatsEveryHandRule", beatsEveryHandRule());
        List<Map<String, Object>> rules = new ArrayList<>();
        for (RuleComparison c : handRules) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", c.rule().rule().name());
            r.put("description", c.rule().rule().description());
            r.put("precision", c.rule().precision());
            r.put("recall", c.rule().recall());
            r.put("falsePositiveRate", c.rule().outcome().falsePositiveRate());
            r.put("flagged", c.rule().outcome().flagged());
            r.put("modelRecallAtRulePrecision", c.modelRecallAtRulePrecision());
            r.put("modelBeatsRule", c.modelBeatsRule());
            rules.add(r);
        }
        json.put("handRules", rules);
        json.put("rocCurve", curve(rocCurve));
        json.put("precisionRecallCurve", curve(precisionRecallCurve));
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("binEdges", toList(histogram.binEdges()));
        h.put("legitimate", toList(histogram.legitimate()));
        h.put("fraud", toList(histogram.fraud()));
        json.put("scoreHistogram", h);
        return json;
    }

    private static Map<String, Object> outcome(BinaryOutcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("truePositives", o.truePositives());
        m.put("falsePositives", o.falsePositives());
        m.put("falseNegatives", o.falseNegatives());
        m.put("trueNegatives", o.trueNegatives());
        m.put("precision", o.precision());
        m.put("recall", o.recall());
        m.put("falsePositiveRate", o.falsePositiveRate());
        return m;
    }

    private static List<Map<String, Object>> curve(List<Metrics.CurvePoint> points) {
        List<Map<String, Object>> out = new ArrayList<>(points.size());
        for (Metrics.CurvePoint p : points) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("threshold", Double.isFinite(p.threshold()) ? p.threshold() : null);
            m.put("falsePositiveRate", p.falsePositiveRate());
            m.put("truePositiveRate", p.truePositiveRate());
            m.put("precision", p.precision());
            m.put("recall", p.recall());
            out.add(m);
        }
        return out;
    }

    private static void putFinite(Map<String, Object> json, String name, double value) {
        if (Double.isFinite(value)) {
            json.put(name, value);
        }
    }

    private static List<Double> toList(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    private static List<Long> toList(long[] values) {
        List<Long> out = new ArrayList<>(values.length);
        for (long v : values) {
            out.add(v);
        }
        return out;
    }
}
