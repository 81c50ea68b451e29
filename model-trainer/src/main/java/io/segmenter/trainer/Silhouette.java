package io.segmenter.trainer;

/**
 * Mean silhouette width (Rousseeuw 1987) of labelled points, Euclidean distance. The pairwise
 * distances are computed once, so scoring many labellings of the same points (one per k) costs
 * O(n^2) each. Memory: n(n-1)/2 doubles (16 MB at n = 2,000).
 *
 * <p>For point i in cluster A: a = mean distance to the other points of A, b = the smallest mean
 * distance to the points of another non-empty cluster, s = (b - a) / max(a, b); s = 0 for a point
 * alone in its cluster, and 0 when a = b = 0. The mean is over all points.
 */
public final class Silhouette {

    private final int n;
    private final double[] condensed;

    private Silhouette(int n, double[] condensed) {
        this.n = n;
        this.condensed = condensed;
    }

    /** Precomputes the distances between {@code points}. */
    public static Silhouette of(double[][] points) {
        Points.dimension(points);
        int n = points.length;
        double[] condensed = new double[(int) ((long) n * (n - 1) / 2)];
        int at = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                condensed[at++] = Math.sqrt(Points.squaredDistance(points[i], points[j]));
            }
        }
        return new Silhouette(n, condensed);
    }

    public int size() {
        return n;
    }

    /**
     * The mean silhouette of the points under {@code labels} (values in 0..k-1); NaN when fewer than
     * two clusters are non-empty, where the silhouette is undefined.
     */
    public double mean(int[] labels, int k) {
        if (labels.length != n) {
            throw new IllegalArgumentException("expected " + n + " labels, got " + labels.length);
        }
        int[] sizes = new int[k];
        for (int label : labels) {
            sizes[label]++;
        }
        int nonEmpty = 0;
        for (int s : sizes) {
            nonEmpty += s > 0 ? 1 : 0;
        }
        if (nonEmpty < 2) {
            return Double.NaN;
        }
        double[][] sums = new double[n][k];
        int at = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dist = condensed[at++];
                sums[i][labels[j]] += dist;
                sums[j][labels[i]] += dist;
            }
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            int own = labels[i];
            if (sizes[own] <= 1) {
                continue; // s = 0
            }
            double a = sums[i][own] / (sizes[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && sizes[c] > 0) {
                    b = Math.min(b, sums[i][c] / sizes[c]);
                }
            }
            double max = Math.max(a, b);
            total += max == 0 ? 0 : (b - a) / max;
        }
        return total / n;
    }
}
