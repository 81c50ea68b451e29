package io.segmenter.model;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureSpec;
import io.segmenter.features.FeatureVector;
import java.util.ArrayList;
import java.util.Comparator;
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
    private final Standardizer segmentNormalizer;
    private final Standardizer fraudNormalizer;

    ScoreExplainer(List<SegmentInfo> segments, Standardizer segmentNormalizer, Standardizer fraudNormalizer) {
        this.segments = List.copyOf(segments);
        this.segmentMeans = segments.stream().map(SegmentInfo::meansInDefinitionOrder).toArray(double[][]::new);
        this.segmentNormalizer = segmentNormalizer;
        this.fraudNormalizer = fraudNormalizer;
    }

    /** Up to {@code limit} features that place {@code vector} in segment {@code segment}, strongest first. */
    public List<Reason> segmentReasons(FeatureVector vector, int segment, int limit) {
        requireKind(vector, FeatureDefinition.SEGMENT);
        if (segment < 0 || segment >= segments.size()) {
            throw new IllegalArgumentException("segment " + segment + " outside 0.." + (segments.size() - 1));
        }
        double[] centroid = segmentMeans[segment];
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < FeatureDefinition.SEGMENT.size(); i++) {
            double value = vector.value(i);
            double weight = segmentNormalizer.z(i, value) * segmentNormalizer.z(i, centroid[i]);
            if (weight > 0) {
                candidates.add(new Candidate(i, value, centroid[i], weight));
            }
        }
        return strongest(FeatureDefinition.SEGMENT, candidates, limit, "segment typical");
    }

    /** Up to {@code limit} features that drove {@code score} for {@code vector}, strongest first. */
    public List<Reason> fraudReasons(FeatureVector vector, AnomalyScore score, int limit) {
        requireKind(vector, FeatureDefinition.FRAUD);
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < FeatureDefinition.FRAUD.size(); i++) {
            double share = score.contribution(i);
            if (share > 0) {
                candidates.add(new Candidate(i, vector.value(i), fraudNormalizer.typical(i), share));
            }
        }
        return strongest(FeatureDefinition.FRAUD, candidates, limit, "typical");
    }

    /** A feature that may become a reason; its sentence is written only if it does. */
    private record Candidate(int feature, double value, double typical, double weight) {
    }

    /**
     * The {@code limit} strongest candidates as reasons. Sentences are formatted for those only:
     * formatting every positive feature was a quarter of the stream thread's time (docs/benchmarks.md).
     */
    private static List<Reason> strongest(FeatureDefinition def, List<Candidate> candidates, int limit, String typicalLabel) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        // stable sort: ties keep definition order
        candidates.sort(Comparator.comparingDouble(Candidate::weight).reversed());
        List<Reason> reasons = new ArrayList<>(Math.min(limit, candidates.size()));
        for (Candidate c : candidates.subList(0, Math.min(limit, candidates.size()))) {
            FeatureSpec spec = def.spec(c.feature());
            reasons.add(new Reason(spec.name(), c.value(), c.typical(), c.weight(),
                    FeatureText.sentence(spec, c.value(), typicalLabel, c.typical())));
        }
        return List.copyOf(reasons);
    }

    private static void requireKind(FeatureVector vector, FeatureDefinition kind) {
        if (vector.kind() != kind) {
            throw new IllegalArgumentException("expected a " + kind + " vector, got " + vector.kind());
        }
    }
}
