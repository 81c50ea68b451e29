package io.segmenter.trainer.fraud;

import io.segmenter.features.FeatureVector;
import io.segmenter.model.AnomalyScore;
import io.segmenter.model.BatchScorer;
import io.segmenter.model.ModelBundle;
import io.segmenter.trainer.BinaryOutcome;
import io.segmenter.trainer.FraudHandRules;
import io.segmenter.trainer.Metrics;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores labelled purchases with a bundle exactly as serving does (the bundle's own
 * {@link BatchScorer}, so the score is the one its threshold applies to) and measures the score,
 * beside every {@link FraudHandRules} rule on the same purchases.
 */
public final class FraudEvaluation {

    /** Most points kept of each curve in a report (enough to plot). */
    public static final int MAX_CURVE_POINTS = 200;
    /** Bins of the score histogram over [0, 1]. */
    public static final int HISTOGRAM_BINS = 50;

    private FraudEvaluation() {
    }

    /**
     * The report of {@code bundle} on the labelled purchases of {@code samples} (unlabelled ones are
     * ignored).
     *
     * @throws IllegalArgumentException unless the labelled purchases hold both fraud and legitimate ones
     */
    public static FraudReport evaluate(ModelBundle bundle, FraudSamples samples) {
        FraudSamples labelled = samples.labelled();
        long frauds = labelled.fraudCount();
        if (frauds == 0 || frauds == labelled.size()) {
            throw new IllegalArgumentException("fraud evaluation needs labelled fraud and legitimate purchases, got "
                    + labelled);
        }
        List<FeatureVector> vectors = labelled.vectors();
        boolean[] fraud = labelled.fraudLabels();
        List<AnomalyScore> scored = bundle.newScorer().scoreFraud(vectors);
        double[] scores = new double[scored.size()];
        double[] reconstruction = new double[scored.size()];
        double[] supervised = new double[scored.size()];
        for (int i = 0; i < scores.length; i++) {
            AnomalyScore s = scored.get(i);
            scores[i] = s.score();
            reconstruction[i] = s.reconstructionScore();
            supervised[i] = s.supervisedProbability();
        }
        BinaryOutcome atThreshold = Metrics.outcomeAt(scores, fraud, bundle.fraudThreshold());
        List<Metrics.CurvePoint> pr = Metrics.precisionRecallCurve(scores, fraud);
        List<FraudReport.RuleComparison> rules = new ArrayList<>();
        for (FraudHandRules.RuleResult r : FraudHandRules.evaluate(vectors, fraud)) {
            rules.add(new FraudReport.RuleComparison(r, recallAtPrecision(pr, r.precision())));
        }
        return new FraudReport(labelled.size(), frauds, bundle.fraudScoreSource(), bundle.fraudThreshold(),
                Metrics.rocAuc(scores, fraud), Metrics.averagePrecision(scores, fraud), atThreshold,
                Metrics.rocAuc(reconstruction, fraud),
                bundle.hasSupervisedFraudHead() ? Metrics.rocAuc(supervised, fraud) : Double.NaN,
                downsample(Metrics.rocCurve(scores, fraud), MAX_CURVE_POINTS), downsample(pr, MAX_CURVE_POINTS),
                FraudReport.ScoreHistogram.of(scores, fraud, HISTOGRAM_BINS), rules, scores);
    }

    /** The highest recall on {@code curve} among points with precision at least {@code precision}; 0 when none. */
    static double recallAtPrecision(List<Metrics.CurvePoint> curve, double precision) {
        double best = 0;
        for (Metrics.CurvePoint p : curve) {
            if (p.precision() >= precision) {
                best = Math.max(best, p.recall());
            }
        }
        return best;
    }

    /**
     * At most {@code max} points of {@code curve}, evenly spaced by index, always keeping the first
     * and the last; the curve itself when it is short enough.
     */
    static List<Metrics.CurvePoint> downsample(List<Metrics.CurvePoint> curve, int max) {
        if (max < 2) {
            throw new IllegalArgumentException("keep at least 2 points, asked " + max);
        }
        int n = curve.size();
        if (n <= max) {
            return List.copyOf(curve);
        }
        List<Metrics.CurvePoint> out = new ArrayList<>(max);
        int previous = -1;
        for (int k = 0; k < max; k++) {
            int index = (int) Math.round((double) k * (n - 1) / (max - 1));
            if (index != previous) {
                out.add(curve.get(index));
                previous = index;
            }
        }
        return List.copyOf(out);
    }
}
