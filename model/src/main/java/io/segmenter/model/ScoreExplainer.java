package io.segmenter.model;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureSpec;
import io.segmenter.features.FeatureVector;
import java.util.Arrays;
import java.util.List;

/**
 * Turns scores into reasons an analyst reads. Stateless over the bundle's immutable catalogue and
 * normalizers, so thread-safe; no DL4J.
 *
 * <p>Segment reasons: for feature {@code i}, with {@code zu} the user's z-score and {@code zc}
 * the segment centroid's z-score (both against the training population), the weight is
 * {@code zu * zc}: large when the segment is distinctive on that feature and the user sits on the
 * same side as the segment. Features with a positive weight, strongest first.
 *
 * <p>Fraud reasons: the features with the largest share of the reconstruction error, with the
 * training mean as "typical".
 */
public final class ScoreExplainer {

    private final List<SegmentInfo> segments;
    private final double[][] segmentMeans;
    /** The z-score of every segment mean: the {@code zc} of the weight, the same for every user. */
    private final double[][] segmentMeanZ;
    private final double[] fraudTypical;
    private final Standardizer segmentNormalizer;

    ScoreExplainer(List<SegmentInfo> segments, Standardizer segmentNormalizer, Standardizer fraudNormalizer) {
        this.segments = List.copyOf(segments);
        this.segmentMeans = segments.stream().map(SegmentInfo::meansInDefinitionOrder).toArray(double[][]::new);
        this.segmentMeanZ = new double[segmentMeans.length][];
        for (int s = 0; s < segmentMeans.length; s++) {
            segmentMeanZ[s] = new double[segmentMeans[s].length];
            for (int i = 0; i < segmentMeans[s].length; i++) {
                segmentMeanZ[s][i] = segmentNormalizer.z(i, segmentMeans[s][i]);
            }
        }
        this.fraudTypical = new double[FeatureDefinition.FRAUD.size()];
        for (int i = 0; i < fraudTypical.length; i++) {
            fraudTypical[i] = fraudNormalizer.typical(i);
        }
        this.segmentNormalizer = segmentNormalizer;
    }

    /** Up to {@code limit} features that place {@code vector} in segment {@code segment}, strongest first. */
    public List<Reason> segmentReasons(FeatureVector vector, int segment, int limit) {
        requireKind(vector, FeatureDefinition.SEGMENT);
        if (segment < 0 || segment >= segments.size()) {
            throw new IllegalArgumentException("segment " + segment + " outside 0.." + (segments.size() - 1));
        }
        double[] centroid = segmentMeans[segment];
        double[] centroidZ = segmentMeanZ[segment];
        double[] weights = new double[FeatureDefinition.SEGMENT.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = segmentNormalizer.z(i, vector.value(i)) * centroidZ[i];
        }
        int[] top = strongest(weights, limit);
        Reason[] reasons = new Reason[top.length];
        for (int r = 0; r < top.length; r++) {
            int i = top[r];
            reasons[r] = reason(FeatureDefinition.SEGMENT.spec(i), vector.value(i), centroid[i], weights[i], "segment typical");
        }
        return List.of(reasons);
    }

    /** Up to {@code limit} features that drove {@code score} for {@code vector}, strongest first. */
    public List<Reason> fraudReasons(FeatureVector vector, AnomalyScore score, int limit) {
        requireKind(vector, FeatureDefinition.FRAUD);
        double[] shares = new double[FeatureDefinition.FRAUD.size()];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = score.contribution(i);
        }
        int[] top = strongest(shares, limit);
        Reason[] reasons = new Reason[top.length];
        for (int r = 0; r < top.length; r++) {
            int i = top[r];
            reasons[r] = reason(FeatureDefinition.FRAUD.spec(i), vector.value(i), fraudTypical[i], shares[i], "typical");
        }
        return List.of(reasons);
    }

    private static Reason reason(FeatureSpec spec, double value, double typical, double weight, String typicalLabel) {
        return new Reason(spec.name(), value, typical, weight, FeatureText.sentence(spec, value, typicalLabel, typical));
    }

    /**
     * Indices of the up to {@code limit} largest positive weights, largest first, equal weights in
     * definition order: what a stable sort of the positive weights would keep, by {@code limit}
     * passes over the weights instead of an object per feature and a sort. Sentences are then written
     * for those only: formatting every positive feature was a quarter of the stream thread's time
     * (docs/benchmarks.md).
     */
    static int[] strongest(double[] weights, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        int[] top = new int[Math.min(limit, weights.length)];
        int found = 0;
        while (found < top.length) {
            int previous = found == 0 ? -1 : top[found - 1];
            int best = -1;
            for (int i = 0; i < weights.length; i++) {
                double w = weights[i];
                boolean notYetTaken = previous < 0 || w < weights[previous] || (w == weights[previous] && i > previous);
                if (w > 0 && notYetTaken && (best < 0 || w > weights[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            top[found++] = best;
        }
        return found == top.length ? top : Arrays.copyOf(top, found);
    }

    private static void requireKind(FeatureVector vector, FeatureDefinition kind) {
        if (vector.kind() != kind) {
            throw new IllegalArgumentException("expected a " + kind + " vector, got " + vector.kind());
        }
    }
}
