package io.segmenter.trainer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Chooses the number of segments k in a configured range: for each k, fit {@link KMeans} on all
 * points, then score the clustering by its <b>mean silhouette</b> on one seeded random sample of
 * at most {@link Config#silhouetteSample()} points (the same sample for every k); the highest
 * score wins, ties to the smaller k.
 *
 * <p>Why silhouette: it is bounded in [-1, 1] and comparable across k, it falls both when a real
 * group is split and when two are merged, and an analyst can read it (near 0: segments overlap;
 * above 0.5: clearly apart). Calinski–Harabasz is cheaper but rewards compact convex blobs and,
 * on the heavy-tailed, zero-inflated behaviour data here, keeps rising with k; it is reported
 * per candidate for comparison, not used to choose. The sample bounds the O(n^2) cost.
 *
 * <p>Eligibility: a k whose smallest segment holds fewer than {@link Config#minSegmentShare()} of
 * the points (and fewer than 2 points in any case) is not chosen, because k-means on heavy-tailed
 * data likes to give a handful of extreme users a segment of their own, which scores well and
 * means nothing to an analyst. When no k is eligible the best-scoring k is taken and the selection
 * says so.
 *
 * <p>Deterministic for a seed: k-means for each k and the sample draw from seeds derived from it.
 */
public final class SegmentCountSelector {

    /**
     * @param minK             smallest k tried, at least 2 (the silhouette of one cluster is undefined)
     * @param maxK             largest k tried, at least minK
     * @param silhouetteSample at most this many points are scored, at least 2
     * @param minSegmentShare  smallest share of points a segment may hold for its k to be eligible, in [0, 1)
     * @param kmeans           k-means settings for every k (its k and seed are replaced per candidate)
     */
    public record Config(int minK, int maxK, int silhouetteSample, double minSegmentShare, KMeans.Config kmeans) {

        public static final int DEFAULT_SILHOUETTE_SAMPLE = 2_000;
        public static final double DEFAULT_MIN_SEGMENT_SHARE = 0.02;

        public Config {
            if (minK < 2 || maxK < minK || silhouetteSample < 2 || !(minSegmentShare >= 0 && minSegmentShare < 1)) {
                throw new IllegalArgumentException("need 2 <= minK <= maxK, silhouetteSample >= 2, minSegmentShare in [0, 1):"
                        + " minK=" + minK + " maxK=" + maxK + " silhouetteSample=" + silhouetteSample
                        + " minSegmentShare=" + minSegmentShare);
            }
            Objects.requireNonNull(kmeans, "kmeans");
        }

        /** k in [minK, maxK], a sample of 2,000, segments of at least 2%, k-means defaults. */
        public static Config of(int minK, int maxK, long seed) {
            return new Config(minK, maxK, DEFAULT_SILHOUETTE_SAMPLE, DEFAULT_MIN_SEGMENT_SHARE, KMeans.Config.of(minK, seed));
        }

        public long seed() {
            return kmeans.seed();
        }

        public Config withMinSegmentShare(double share) {
            return new Config(minK, maxK, silhouetteSample, share, kmeans);
        }

        public Config withKMeans(KMeans.Config newKMeans) {
            return new Config(minK, maxK, silhouetteSample, minSegmentShare, newKMeans);
        }
    }

    /**
     * One k tried.
     *
     * @param silhouette        mean silhouette on the sample (NaN when the sample met fewer than 2 segments)
     * @param calinskiHarabasz  Calinski–Harabasz index on all points (for comparison only)
     * @param inertia           k-means inertia on all points
     * @param smallestSegment   points in the smallest segment
     * @param eligible          whether the smallest segment is large enough for this k to be chosen
     */
    public record Candidate(int k, double silhouette, double calinskiHarabasz, double inertia, int smallestSegment,
            boolean eligible) {
    }

    /**
     * The outcome.
     *
     * @param k              the chosen number of segments
     * @param model          the k-means fit with that k
     * @param candidates     every k tried, in increasing k
     * @param sampleSize     points the silhouette was computed on
     * @param noneEligible   true when no k met the minimum segment size and the best-scoring one was taken anyway
     */
    public record Selection(int k, KMeansModel model, List<Candidate> candidates, int sampleSize, boolean noneEligible) {
        public Selection {
            candidates = List.copyOf(candidates);
        }

        public Candidate chosen() {
            return candidates.stream().filter(c -> c.k() == k).findFirst().orElseThrow();
        }
    }

    private static final long SAMPLE_STREAM = -1;

    private SegmentCountSelector() {
    }

    /**
     * Tries every k in the configured range that the data allows (k at most the number of points).
     *
     * @throws IllegalArgumentException with fewer points than {@code minK}
     */
    public static Selection select(double[][] points, Config config) {
        Points.dimension(points);
        int n = points.length;
        if (n < config.minK()) {
            throw new IllegalArgumentException(n + " points cannot make " + config.minK() + " segments");
        }
        int[] sample = sampleIndices(n, Math.min(n, config.silhouetteSample()), Seeds.derive(config.seed(), SAMPLE_STREAM));
        double[][] samplePoints = new double[sample.length][];
        for (int i = 0; i < sample.length; i++) {
            samplePoints[i] = points[sample[i]];
        }
        Silhouette silhouette = Silhouette.of(samplePoints);
        int minSize = Math.max(2, (int) Math.ceil(config.minSegmentShare() * n));

        List<Candidate> candidates = new ArrayList<>();
        List<KMeansModel> models = new ArrayList<>();
        int maxK = Math.min(config.maxK(), n);
        for (int k = config.minK(); k <= maxK; k++) {
            KMeans.Config kc = config.kmeans().withK(k).withSeed(Seeds.derive(config.seed(), k));
            KMeansModel model = KMeans.fit(points, kc);
            int[] labels = model.assignAll(points);
            int[] sizes = new int[k];
            for (int label : labels) {
                sizes[label]++;
            }
            int smallest = n;
            for (int s : sizes) {
                smallest = Math.min(smallest, s);
            }
            double score = silhouette.mean(model.assignAll(samplePoints), k);
            candidates.add(new Candidate(k, score, calinskiHarabasz(points, labels, model), model.inertia(), smallest,
                    smallest >= minSize && !Double.isNaN(score)));
            models.add(model);
        }
        int best = bestIndex(candidates, true);
        boolean noneEligible = best < 0;
        if (noneEligible) {
            best = bestIndex(candidates, false);
        }
        if (best < 0) {
            best = 0; // every silhouette undefined (all points identical): take the smallest k
        }
        return new Selection(candidates.get(best).k(), models.get(best), candidates, sample.length, noneEligible);
    }

    private static int bestIndex(List<Candidate> candidates, boolean eligibleOnly) {
        int best = -1;
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            if (Double.isNaN(c.silhouette()) || (eligibleOnly && !c.eligible())) {
                continue;
            }
            if (best < 0 || c.silhouette() > candidates.get(best).silhouette()) {
                best = i;
            }
        }
        return best;
    }

    /** {@code m} distinct indices of {@code 0..n-1}, in increasing order: a partial Fisher–Yates shuffle. */
    static int[] sampleIndices(int n, int m, long seed) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, m);
        Arrays.sort(out);
        return out;
    }

    /**
     * Calinski–Harabasz index: (between-cluster dispersion / (k - 1)) / (within-cluster dispersion / (n - k));
     * +infinity when the within dispersion is 0, NaN when k = 1 or k = n.
     */
    static double calinskiHarabasz(double[][] points, int[] labels, KMeansModel model) {
        int n = points.length;
        int k = model.k();
        int d = points[0].length;
        if (k < 2 || n <= k) {
            return Double.NaN;
        }
        double[] mean = new double[d];
        for (double[] p : points) {
            for (int j = 0; j < d; j++) {
                mean[j] += p[j] / n;
            }
        }
        double[][] clusterMeans = new double[k][d];
        int[] sizes = new int[k];
        for (int i = 0; i < n; i++) {
            sizes[labels[i]]++;
            for (int j = 0; j < d; j++) {
                clusterMeans[labels[i]][j] += points[i][j];
            }
        }
        double between = 0;
        for (int c = 0; c < k; c++) {
            if (sizes[c] == 0) {
                continue;
            }
            for (int j = 0; j < d; j++) {
                clusterMeans[c][j] /= sizes[c];
            }
            between += sizes[c] * Points.squaredDistance(clusterMeans[c], mean);
        }
        double within = 0;
        for (int i = 0; i < n; i++) {
            within += Points.squaredDistance(points[i], clusterMeans[labels[i]]);
        }
        return within == 0 ? Double.POSITIVE_INFINITY : (between / (k - 1)) / (within / (n - k));
    }
}
