package io.segmenter.features;

import java.time.Instant;

/**
 * Fills a vector in definition order and checks, for every value, that the name is the one the
 * definition has at that position and that the value is finite: extraction cannot drift from
 * the definition without a test failing.
 */
final class VectorBuilder {

    private final FeatureDefinition kind;
    private final double[] values;
    private int next;

    VectorBuilder(FeatureDefinition kind) {
        this.kind = kind;
        this.values = new double[kind.size()];
    }

    VectorBuilder put(String name, double value) {
        if (next >= values.length || !kind.spec(next).name().equals(name)) {
            throw new IllegalStateException(kind + " expects " + (next < values.length ? kind.spec(next).name() : "no more")
                    + " at position " + next + ", got " + name);
        }
        if (!Double.isFinite(value)) {
            throw new IllegalStateException(name + " is not finite: " + value);
        }
        values[next++] = value;
        return this;
    }

    FeatureVector build(Instant asOf) {
        if (next != values.length) {
            throw new IllegalStateException(kind + " is missing " + kind.spec(next).name());
        }
        return new FeatureVector(kind, values, asOf);
    }
}
