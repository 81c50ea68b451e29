package io.segmenter.trainer;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * k-means: k-means++ seeding, Lloyd iterations, several restarts, keep the lowest inertia.
 * Deterministic for a seed: restart {@code r} draws from its own {@link SplittableRandom} seeded
 * from {@code (seed, r)}, and nothing else is random.
 *
 * <p>Convergence (as scikit-learn's): the labels did not change in an iteration, or the total
 * squared movement of the centroids fell to {@code tolerance} times the mean per-feature variance
 * of the data. A cluster that empties is moved to the point farthest from its own centroid (among
 * clusters with more than one point), so the fit always returns k non-empty clusters when the
 * data has at least k distinct points.
 */
public final class KMeans {

    /**
     * @param k             number of clusters, at least 1
     * @param restarts      independent k-means++ initialisations, at least 1; the lowest inertia wins (ties: the earliest)
     * @param maxIterations Lloyd iterations per restart, at least 1
     * @param tolerance     relative convergence tolerance, at least 0
     * @param seed          seed of every random choice
     */
    public record Config(int k, int restarts, int maxIterations, double tolerance, long seed) {

        public static final int DEFAULT_RESTARTS = 10;
        public static final int DEFAULT_MAX_ITERATIONS = 300;
        public static final double DEFAULT_TOLERANCE = 1e-4;

        public Config {
            if (k < 1 || restarts < 1 || maxIterations < 1 || !(tolerance >= 0)) {
                throw new IllegalArgumentException("k, restarts and maxIterations must be at least 1 and tolerance"
                        + " at least 0: k=" + k + " restarts=" + restarts + " maxIterations=" + maxIterations
                        + " tolerance=" + tolerance);
            }
        }

        /** 10 restarts, at most 300 iterations, tolerance 1e-4 (scikit-learn's defaults). */
        public static Config of(int k, long seed) {
            return new Config(k, DEFAULT_RESTARTS, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE, seed);
        }

        public Config withK(int newK) {
            return new Config(newK, restarts, maxIterations, tolerance, seed);
        }

        public Config withSeed(long newSeed) {
            return new Config(k, restarts, maxIterations, tolerance, newSeed);
        }
    }

    private KMeans() {
    }

    /**
     * Clusters {@code points}.
     *
     * @throws IllegalArgumentException with fewer points than clusters, or points of unequal or no dimension
     */
    public static KMeansModel fit(double[][] points, Config config) {
        Points.dimension(points);
        if (points.length < config.k()) {
            throw new IllegalArgumentException(points.length + " points cannot make " + config.k() + " clusters");
        }
        double absoluteTolerance = config.tolerance() * Points.meanVariance(points);
        KMeansModel best = null;
        for (int r = 0; r < config.restarts(); r++) {
            SplittableRandom random = new SplittableRandom(Seeds.derive(config.seed(), r));
            KMeansModel candidate = lloyd(points, plusPlus(points, config.k(), random), config.maxIterations(),
                    absoluteTolerance);
            if (best == null || candidate.inertia() < best.inertia()) {
                best = candidate;
            }
        }
        return best;
    }

    /** k-means++ seeding: the first centre uniformly, each next one with probability proportional to D(x)^2. */
    static double[][] plusPlus(double[][] points, int k, SplittableRandom random) {
        int n = points.length;
        double[][] centres = new double[k][];
        centres[0] = points[random.nextInt(n)].clone();
        double[] nearest = new double[n];
        for (int i = 0; i < n; i++) {
            nearest[i] = Points.squaredDistance(points[i], centres[0]);
        }
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (double d : nearest) {
                total += d;
            }
            int pick;
            if (total <= 0) {
                pick = random.nextInt(n); // every point sits on a centre already
            } else {
                double target = random.nextDouble() * total;
                double cumulative = 0;
                pick = -1;
                for (int i = 0; i < n; i++) {
                    if (nearest[i] <= 0) {
                        continue;
                    }
                    cumulative += nearest[i];
                    pick = i;
                    if (cumulative > target) {
                        break;
                    }
                }
            }
            centres[c] = points[pick].clone();
            for (int i = 0; i < n; i++) {
                nearest[i] = Math.min(nearest[i], Points.squaredDistance(points[i], centres[c]));
            }
        }
        return centres;
    }

    private static KMeansModel lloyd(double[][] points, double[][] centroids, int maxIterations, double tolerance) {
        int n = points.length;
        int k = centroids.length;
        int d = points[0].length;
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        double[] distances = new double[n];
        boolean converged = false;
        int iteration = 0;
        while (iteration < maxIterations) {
            iteration++;
            boolean changed = assign(points, centroids, labels, distances);
            if (!changed) {
                converged = true;
                break;
            }
            int[] counts = new int[k];
            for (int label : labels) {
                counts[label]++;
            }
            relocateEmptyClusters(labels, distances, counts);
            double[][] updated = new double[k][d];
            for (int i = 0; i < n; i++) {
                double[] sum = updated[labels[i]];
                for (int j = 0; j < d; j++) {
                    sum[j] += points[i][j];
                }
            }
            double shift = 0;
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    updated[c][j] /= counts[c];
                }
                shift += Points.squaredDistance(updated[c], centroids[c]);
            }
            centroids = updated;
            if (shift <= tolerance) {
                converged = true;
                break;
            }
        }
        assign(points, centroids, labels, distances);
        double inertia = 0;
        for (double dist : distances) {
            inertia += dist;
        }
        return new KMeansModel(centroids, inertia, iteration, converged);
    }

    /** Nearest centroid of every point (ties: lower index); whether any label changed. */
    private static boolean assign(double[][] points, double[][] centroids, int[] labels, double[] distances) {
        boolean changed = false;
        for (int i = 0; i < points.length; i++) {
            int best = 0;
            double bestDistance = Double.POSITIVE_INFINITY;
            for (int c = 0; c < centroids.length; c++) {
                double dist = Points.squaredDistance(points[i], centroids[c]);
                if (dist < bestDistance) {
                    bestDistance = dist;
                    best = c;
                }
            }
            changed |= labels[i] != best;
            labels[i] = best;
            distances[i] = bestDistance;
        }
        return changed;
    }

    /** Gives each empty cluster the point farthest from its centroid, taken from a cluster that keeps at least one point. */
    private static void relocateEmptyClusters(int[] labels, double[] distances, int[] counts) {
        int[] farthestFirst = null;
        int next = 0;
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0) {
                continue;
            }
            if (farthestFirst == null) {
                farthestFirst = IntStream.range(0, labels.length).boxed()
                        .sorted(Comparator.comparingDouble((Integer i) -> -distances[i]).thenComparingInt(i -> i))
                        .mapToInt(Integer::intValue).toArray();
            }
            while (next < farthestFirst.length && counts[labels[farthestFirst[next]]] <= 1) {
                next++;
            }
            if (next == farthestFirst.length) {
                return; // fewer distinct donors than empty clusters; cannot happen with n >= k
            }
            int donor = farthestFirst[next++];
            counts[labels[donor]]--;
            labels[donor] = c;
            distances[donor] = 0;
            counts[c] = 1;
        }
    }
}
