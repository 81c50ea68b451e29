package io.segmenter.stream.topology;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureVector;
import io.segmenter.model.DemoBundles;
import io.segmenter.model.FraudScoreSource;
import io.segmenter.model.ModelBundle;
import io.segmenter.model.NetworkTraining;
import io.segmenter.model.SegmentInfo;
import io.segmenter.model.Standardizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Model bundles for the scoring tests, built once per JVM. The demo bundle is trained (about ten
 * seconds, once); the others have untrained networks (milliseconds): valid bundles whose scores
 * mean nothing, for swaps, shadows and catalogue changes.
 */
final class TestModels {

    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");
    private static final Map<String, ModelBundle> UNTRAINED = new HashMap<>();
    private static ModelBundle otherCatalogue;

    private TestModels() {
    }

    /** The deterministic four-segment demo bundle. */
    static ModelBundle demo() {
        return DemoBundles.defaultBundle();
    }

    /** The demo's catalogue, normalizers, calibration and threshold with untrained networks, as {@code version}. */
    static synchronized ModelBundle untrained(String version) {
        return UNTRAINED.computeIfAbsent(version, v -> {
            ModelBundle demo = demo();
            return untrainedBundle(v, demo.segments(), demo.segmentNormalizer(), demo.fraudNormalizer(), version.hashCode());
        });
    }

    /** An untrained bundle whose two segments share no id with the demo's catalogue. */
    static synchronized ModelBundle otherCatalogue() {
        if (otherCatalogue == null) {
            double[][] segmentRows = rows(DemoBundles.segmentVectors(200, 1, CREATED));
            double[][] fraudRows = rows(DemoBundles.fraudVectors(200, 2, CREATED));
            Standardizer segmentNormalizer = Standardizer.fit(FeatureDefinition.SEGMENT.specs(), segmentRows);
            Standardizer fraudNormalizer = Standardizer.fit(FeatureDefinition.FRAUD.specs(), fraudRows);
            List<SegmentInfo> segments = new ArrayList<>();
            for (String id : List.of("bargain-hunters", "big-baskets")) {
                segments.add(SegmentInfo.of(id, id.replace('-', ' '), "test segment " + id, List.of(), columnMeans(segmentRows)));
            }
            otherCatalogue = untrainedBundle("test-other-catalogue", segments, segmentNormalizer, fraudNormalizer, 11);
        }
        return otherCatalogue;
    }

    private static ModelBundle untrainedBundle(String version, List<SegmentInfo> segments, Standardizer segmentNormalizer,
                                               Standardizer fraudNormalizer, long seed) {
        double[][] fraudRows = rows(DemoBundles.fraudVectors(200, seed, CREATED));
        int fraudWidth = FeatureDefinition.FRAUD.size();
        return ModelBundle.builder()
                .modelVersion(version)
                .createdTime(CREATED)
                .segmentClassifier(NetworkTraining.classifier(seed, FeatureDefinition.SEGMENT.size(), new int[] {8}, segments.size()),
                        segmentNormalizer, segments)
                .anomalyModel(NetworkTraining.autoencoder(seed + 1, fraudWidth, new int[] {4}), fraudNormalizer)
                .calibrateAnomalyOn(fraudRows)
                .fraudThreshold(0.99, FraudScoreSource.RECONSTRUCTION)
                .goldenSegmentInput(DemoBundles.segmentVectors(1, seed, CREATED).get(0).values())
                .goldenFraudInput(fraudRows[0])
                .build();
    }

    private static double[] columnMeans(double[][] rows) {
        double[] means = new double[rows[0].length];
        for (double[] row : rows) {
            for (int j = 0; j < means.length; j++) {
                means[j] += row[j] / rows.length;
            }
        }
        return means;
    }

    private static double[][] rows(List<FeatureVector> vectors) {
        return vectors.stream().map(FeatureVector::values).toArray(double[][]::new);
    }
}
