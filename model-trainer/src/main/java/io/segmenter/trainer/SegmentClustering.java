package io.segmenter.trainer;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.model.Standardizer;
import java.util.List;
import java.util.Objects;

/**
 * What defines the segments: k-means centroids over a chosen subset of the SEGMENT features,
 * standardized by the bundle's {@link Standardizer}. A user's segment label is the nearest
 * centroid of its standardized values on those features (ties to the lower index). The classifier
 * learns these labels from all features; {@code evaluate} recomputes them on new data to measure it.
 *
 * @param features  names of the clustered SEGMENT features, in the centroids' column order
 * @param centroids k rows, one column per clustered feature
 */
public record SegmentClustering(List<String> features, double[][] centroids) {

    public SegmentClustering {
        features = List.copyOf(features);
        centroids = Points.deepCopy(centroids);
        if (features.isEmpty() || centroids.length < 2) {
            throw new IllegalArgumentException("need at least one feature and two centroids");
        }
        for (String f : features) {
            if (!FeatureDefinition.SEGMENT.contains(f)) {
                throw new IllegalArgumentException("no SEGMENT feature " + f);
            }
        }
        for (double[] c : centroids) {
            if (c.length != features.size()) {
                throw new IllegalArgumentException("a centroid has " + c.length + " columns for " + features.size() + " features");
            }
        }
    }

    public int k() {
        return centroids.length;
    }

    @Override
    public double[][] centroids() {
        return Points.deepCopy(centroids);
    }

    /** Column indices of {@link #features()} in a SEGMENT vector. */
    public int[] columns() {
        return columns(features);
    }

    static int[] columns(List<String> features) {
        return features.stream().mapToInt(FeatureDefinition.SEGMENT::indexOf).toArray();
    }

    /** The clustered columns of standardized rows. */
    static double[][] project(double[][] standardized, int[] columns) {
        double[][] out = new double[standardized.length][columns.length];
        for (int i = 0; i < standardized.length; i++) {
            for (int j = 0; j < columns.length; j++) {
                out[i][j] = standardized[i][columns[j]];
            }
        }
        return out;
    }

    /** Segment label of each raw SEGMENT row under {@code standardizer}. */
    public int[] labels(Standardizer standardizer, double[][] raw) {
        Objects.requireNonNull(standardizer, "standardizer");
        KMeansModel model = new KMeansModel(centroids, 0, 0, true);
        return model.assignAll(project(standardizer.transformAll(raw), columns()));
    }
}
