package io.segmenter.trainer;

import java.util.Random;

/** Seeded Gaussian blobs with known centres, for clustering tests. */
final class Blobs {

    static final double[][] THREE_CENTRES = {{0, 0, 0}, {10, 10, 0}, {-10, 10, 5}};

    final double[][] points;
    final int[] truth;

    private Blobs(double[][] points, int[] truth) {
        this.points = points;
        this.truth = truth;
    }

    /** {@code perBlob} points around each centre, standard deviation {@code sd} in every coordinate. */
    static Blobs around(double[][] centres, int perBlob, double sd, long seed) {
        Random random = new Random(seed);
        int d = centres[0].length;
        double[][] points = new double[centres.length * perBlob][d];
        int[] truth = new int[points.length];
        for (int c = 0; c < centres.length; c++) {
            for (int i = 0; i < perBlob; i++) {
                int row = c * perBlob + i;
                truth[row] = c;
                for (int j = 0; j < d; j++) {
                    points[row][j] = centres[c][j] + sd * random.nextGaussian();
                }
            }
        }
        return new Blobs(points, truth);
    }

    static Blobs three(long seed) {
        return around(THREE_CENTRES, 100, 1.0, seed);
    }
}
