package io.segmenter.trainer;

import java.util.Arrays;

/**
 * A fitted k-means clustering: the centroids (in the space it was fitted in, normally
 * standardized features) and how the fit went. A point belongs to its nearest centroid in
 * Euclidean distance; ties go to the lower index.
 *
 * @param centroids  k centroids, each of the points' dimension
 * @param inertia    sum over the fitted points of the squared distance to their centroid
 * @param iterations Lloyd iterations of the kept restart
 * @param converged  whether the kept restart converged before the iteration limit
 */
public record KMeansModel(double[][] centroids, double inertia, int iterations, boolean converged) {

    public KMeansModel {
        if (centroids.length == 0) {
            throw new IllegalArgumentException("no centroids");
        }
        centroids = Points.deepCopy(centroids);
    }

    public int k() {
        return centroids.length;
    }

    public int dimension() {
        return centroids[0].length;
    }

    @Override
    public double[][] centroids() {
        return Points.deepCopy(centroids);
    }

    public double[] centroid(int cluster) {
        return centroids[cluster].clone();
    }

    /** Index of the centroid nearest to {@code x}. */
    public int assign(double[] x) {
        if (x.length != dimension()) {
            throw new IllegalArgumentException("expected " + dimension() + " coordinates, got " + x.length);
        }
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < centroids.length; c++) {
            double d = Points.squaredDistance(x, centroids[c]);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }

    /** {@link #assign} of every point. */
    public int[] assignAll(double[][] points) {
        int[] labels = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            labels[i] = assign(points[i]);
        }
        return labels;
    }

    /** Number of {@code points} nearest to each centroid. */
    public int[] clusterSizes(double[][] points) {
        int[] sizes = new int[k()];
        for (double[] p : points) {
            sizes[assign(p)]++;
        }
        return sizes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KMeansModel m
                && Arrays.deepEquals(centroids, m.centroids)
                && Double.compare(inertia, m.inertia) == 0
                && iterations == m.iterations
                && converged == m.converged;
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(centroids) * 31 + Double.hashCode(inertia);
    }

    @Override
    public String toString() {
        return "KMeansModel[k=" + k() + ", inertia=" + inertia + ", iterations=" + iterations + ", converged=" + converged
                + "]";
    }
}
