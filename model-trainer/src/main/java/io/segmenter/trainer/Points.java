package io.segmenter.trainer;

/** Small dense-vector arithmetic shared by the clustering code. */
final class Points {

    private Points() {
    }

    static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += d * d;
        }
        return s;
    }

    /** Checks that there is at least one point and that all have the same, non-zero, finite dimension; returns it. */
    static int dimension(double[][] points) {
        if (points.length == 0) {
            throw new IllegalArgumentException("no points");
        }
        int d = points[0].length;
        if (d == 0) {
            throw new IllegalArgumentException("points have no coordinates");
        }
        for (int i = 0; i < points.length; i++) {
            if (points[i].length != d) {
                throw new IllegalArgumentException("point " + i + " has " + points[i].length + " coordinates, expected " + d);
            }
            for (double v : points[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("point " + i + " has a non-finite coordinate");
                }
            }
        }
        return d;
    }

    static double[][] deepCopy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }

    /** Mean over features of each feature's population variance: the scale k-means' tolerance is relative to. */
    static double meanVariance(double[][] points) {
        int d = points[0].length;
        double total = 0;
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (double[] p : points) {
                mean += p[j];
            }
            mean /= points.length;
            double var = 0;
            for (double[] p : points) {
                double x = p[j] - mean;
                var += x * x;
            }
            total += var / points.length;
        }
        return total / d;
    }
}
