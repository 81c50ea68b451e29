package io.segmenter.model;

import io.segmenter.features.FeatureDefinition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One segment of the catalogue. The segment's index in the catalogue is its output column in the
 * classifier.
 *
 * @param id               stable id, kebab-case ({@code frequent-high-spenders}); what outputs carry
 * @param name             human name ({@code frequent high-spend buyers})
 * @param description      one line for an analyst
 * @param definingFeatures the SEGMENT features that characterize it, strongest first
 * @param featureMeans     mean of every SEGMENT feature over the segment's training members, in the
 *                         feature's own units, keyed by feature name in definition order: the
 *                         "segment typical" of explanations
 */
public record SegmentInfo(String id, String name, String description, List<String> definingFeatures,
                          Map<String, Double> featureMeans) {

    public SegmentInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        definingFeatures = List.copyOf(Objects.requireNonNull(definingFeatures, "definingFeatures"));
        featureMeans = Collections.unmodifiableMap(
                new LinkedHashMap<>(Objects.requireNonNull(featureMeans, "featureMeans")));
    }

    /** A segment whose means are given in {@link FeatureDefinition#SEGMENT} order. */
    public static SegmentInfo of(String id, String name, String description, List<String> definingFeatures,
                                 double[] meansInDefinitionOrder) {
        FeatureDefinition def = FeatureDefinition.SEGMENT;
        if (meansInDefinitionOrder.length != def.size()) {
            throw new IllegalArgumentException(
                    "SEGMENT has " + def.size() + " features, got " + meansInDefinitionOrder.length + " means");
        }
        Map<String, Double> means = new LinkedHashMap<>();
        for (int i = 0; i < def.size(); i++) {
            means.put(def.spec(i).name(), meansInDefinitionOrder[i]);
        }
        return new SegmentInfo(id, name, description, definingFeatures, means);
    }

    /** The means in {@link FeatureDefinition#SEGMENT} order; a feature without a mean gives NaN. */
    public double[] meansInDefinitionOrder() {
        FeatureDefinition def = FeatureDefinition.SEGMENT;
        double[] out = new double[def.size()];
        for (int i = 0; i < def.size(); i++) {
            Double v = featureMeans.get(def.spec(i).name());
            out[i] = v == null ? Double.NaN : v;
        }
        return out;
    }
}
