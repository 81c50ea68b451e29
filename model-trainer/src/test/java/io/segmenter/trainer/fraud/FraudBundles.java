package io.segmenter.trainer.fraud;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureVector;
import io.segmenter.model.DemoBundles;
import io.segmenter.model.ModelBundle;
import io.segmenter.model.NetworkTraining;
import io.segmenter.model.SegmentInfo;
import io.segmenter.model.Standardizer;
import java.time.Instant;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Bundles around a fraud model for tests: a bundle needs a segment part, so these carry a tiny
 * two-segment classifier on synthetic vectors (untrained: the fraud tests do not read it).
 */
final class FraudBundles {

    static final Instant CREATED = Instant.parse("2024-03-04T00:00:00Z");

    private FraudBundles() {
    }

    /** {@code fraud} added to a builder that already has a segment part. */
    static ModelBundle.Builder builderWith(FraudModel fraud) {
        List<FeatureVector> vectors = DemoBundles.segmentVectors(40, 7, CREATED);
        double[][] rows = vectors.stream().map(FeatureVector::values).toArray(double[][]::new);
        Standardizer normalizer = Standardizer.fit(FeatureDefinition.SEGMENT.specs(), rows);
        MultiLayerNetwork classifier = NetworkTraining.classifier(7, FeatureDefinition.SEGMENT.size(),
                new int[] {4}, 2);
        ModelBundle.Builder builder = ModelBundle.builder()
                .modelVersion("fraud-test")
                .createdTime(CREATED)
                .segmentClassifier(classifier, normalizer, List.of(
                        SegmentInfo.of("first", "first", "a placeholder segment", List.of("events_24h"), rows[0]),
                        SegmentInfo.of("second", "second", "a placeholder segment", List.of("events_24h"), rows[1])))
                .goldenSegmentInput(rows[0]);
        return fraud.addTo(builder);
    }

    static ModelBundle bundle(FraudModel fraud) {
        return builderWith(fraud).build();
    }
}
