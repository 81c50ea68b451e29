package io.segmenter.model;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The bundle's {@code manifest.json}: everything about the model except the network weights and
 * the fitted preprocessing. Records check only that required fields are present; what the values
 * mean is checked by {@link BundleValidator}.
 *
 * @param formatVersion         layout version of the bundle ({@link ModelBundle#FORMAT_VERSION})
 * @param modelVersion          unique per training run; every output names it
 * @param createdTime           ISO-8601 instant the bundle was trained
 * @param featureDefinitionHash {@code FeatureDefinition.versionHash()} at training time
 * @param segmentFeatures       SEGMENT feature names in vector order (for people diffing two bundles)
 * @param fraudFeatures         FRAUD feature names in vector order
 * @param segments              the catalogue; index = classifier output column
 * @param fraud                 threshold and which score it applies to
 * @param trainingMetrics       whatever the trainer measured (e.g. macroF1, fraudPrecision)
 * @param golden                fixed inputs and the outputs the bundle must reproduce when loaded
 * @param notes                 free text from the trainer, may be null
 */
public record BundleManifest(int formatVersion, String modelVersion, String createdTime, String featureDefinitionHash,
                             List<String> segmentFeatures, List<String> fraudFeatures, List<SegmentInfo> segments,
                             FraudSettings fraud, Map<String, Double> trainingMetrics, Golden golden, String notes) {

    public BundleManifest {
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(createdTime, "createdTime");
        Objects.requireNonNull(featureDefinitionHash, "featureDefinitionHash");
        segmentFeatures = List.copyOf(Objects.requireNonNull(segmentFeatures, "segmentFeatures"));
        fraudFeatures = List.copyOf(Objects.requireNonNull(fraudFeatures, "fraudFeatures"));
        segments = List.copyOf(Objects.requireNonNull(segments, "segments"));
        Objects.requireNonNull(fraud, "fraud");
        trainingMetrics = Collections.unmodifiableMap(
                new TreeMap<>(Objects.requireNonNull(trainingMetrics, "trainingMetrics")));
        Objects.requireNonNull(golden, "golden");
    }

    /** {@link #createdTime()} parsed. */
    public Instant createdInstant() {
        return Instant.parse(createdTime);
    }

    /**
     * @param threshold      a purchase is suspicious when its score is at or above this, in [0, 1]
     * @param score          which score the threshold applies to
     * @param supervisedHead whether the bundle has a supervised fraud classifier
     */
    public record FraudSettings(double threshold, FraudScoreSource score, boolean supervisedHead) {
        public FraudSettings {
            Objects.requireNonNull(score, "score");
        }
    }

    /** Golden cases: raw inputs in feature units and the outputs the loaded bundle must reproduce. */
    public record Golden(List<GoldenSegmentCase> segment, List<GoldenFraudCase> fraud) {
        public Golden {
            segment = List.copyOf(Objects.requireNonNull(segment, "segment"));
            fraud = List.copyOf(Objects.requireNonNull(fraud, "fraud"));
        }
    }

    /** A SEGMENT vector and its expected probabilities. */
    public record GoldenSegmentCase(double[] input, double[] probabilities) {
        public GoldenSegmentCase {
            input = Objects.requireNonNull(input, "input").clone();
            probabilities = Objects.requireNonNull(probabilities, "probabilities").clone();
        }

        @Override
        public double[] input() {
            return input.clone();
        }

        @Override
        public double[] probabilities() {
            return probabilities.clone();
        }
    }

    /**
     * A FRAUD vector and its expected outputs.
     *
     * @param supervisedProbability null when the bundle has no supervised head
     */
    public record GoldenFraudCase(double[] input, double reconstructionError, double anomalyScore,
                                  Double supervisedProbability, double score) {
        public GoldenFraudCase {
            input = Objects.requireNonNull(input, "input").clone();
        }

        @Override
        public double[] input() {
            return input.clone();
        }
    }
}
