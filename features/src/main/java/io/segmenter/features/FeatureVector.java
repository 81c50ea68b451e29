package io.segmenter.features;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable feature vector of one {@link FeatureDefinition}, as of an instant. The values are
 * copied in and out; equality compares kind, values (bit for bit) and instant.
 */
public record FeatureVector(FeatureDefinition kind, double[] values, Instant asOf) {

    public FeatureVector {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(asOf, "asOf");
        values = values.clone();
        if (values.length != kind.size()) {
            throw new IllegalArgumentException(kind + " has " + kind.size() + " features, got " + values.length);
        }
    }

    /** A copy of the values, in definition order. */
    @Override
    public double[] values() {
        return values.clone();
    }

    public double value(int index) {
        return values[index];
    }

    /** The value of the named feature; {@link IllegalArgumentException} when the kind has no such feature. */
    public double get(String name) {
        return values[kind.indexOf(name)];
    }

    public int size() {
        return values.length;
    }

    /** Name to value, in definition order (unmodifiable). */
    public Map<String, Double> toMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(kind.spec(i).name(), values[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** Name to value with unit, window and description, in definition order (unmodifiable): the JSON view. */
    public Map<String, FeatureValue> describe() {
        Map<String, FeatureValue> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            FeatureSpec spec = kind.spec(i);
            map.put(spec.name(), new FeatureValue(spec.name(), values[i], spec.unit().code(), spec.windowLabel(),
                    spec.description()));
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureVector other
                && kind == other.kind
                && asOf.equals(other.asOf)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, asOf, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "FeatureVector[" + kind + " asOf=" + asOf + " " + toMap() + "]";
    }
}
