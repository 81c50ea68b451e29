package io.segmenter.trainer;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureSpec;
import io.segmenter.features.FeatureVector;
import io.segmenter.model.NetworkTraining;
import io.segmenter.model.SegmentInfo;
import io.segmenter.model.Standardizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The segment half of training, on behaviour sources' {@link SegmentSnapshots}:
 * <ol>
 * <li>pool the users of every source at its main cut and split them by user ({@link UserSplit});</li>
 * <li>fit the {@link Standardizer} on the training users' vectors;</li>
 * <li>choose k and cluster the training users on the clustering features
 *     ({@link SegmentCountSelector}: best silhouette in [minK, maxK] among the k whose smallest
 *     segment holds at least {@code minSegmentShare} of the users);</li>
 * <li>name and describe the segments ({@link SegmentNamer});</li>
 * <li>label every training row (the training users at the main cut and at the daily cuts before
 *     it) with its nearest centroid, and fit on those rows the DL4J softmax classifier over all
 *     SEGMENT features and the Gaussian naive-Bayes baseline.</li>
 * </ol>
 * Held-out users are never seen by anything fitted here; {@link SegmentEvaluation} measures on them.
 * Deterministic for a seed (with one native thread for DL4J).
 */
public final class SegmentTraining {

    /**
     * Settings.
     *
     * @param horizon          outcome period after each source's main cut (capped per source, see {@link SegmentSnapshots})
     * @param historyDays      daily cuts before the main cut whose rows also train the classifiers
     * @param minK             fewest segments tried
     * @param maxK             most segments tried
     * @param minSegmentShare  a k is eligible only if its smallest segment holds at least this share of the training users
     * @param testShare        share of users held out
     * @param clusterFeatures  SEGMENT features the segments are defined on
     * @param hidden           hidden layer widths of the classifier
     * @param epochs           passes over the training rows
     * @param balanceClasses   repeat the rows of small segments so that each weighs about as much as the largest
     * @param seed             every random choice
     */
    public record Options(Duration horizon, int historyDays, int minK, int maxK, double minSegmentShare, double testShare,
            List<String> clusterFeatures, int[] hidden, int epochs, boolean balanceClasses, long seed) {

        /**
         * The features segments are defined on by default: how often and how recently a user bought.
         * Measured on Taobao, these separate the next day's buyers best (see the module README).
         */
        public static final List<String> DEFAULT_CLUSTER_FEATURES = List.of("purchase_days_30d", "purchases_30d",
                "hours_since_last_purchase", "purchase_days_7d", "purchases_24h");

        public Options {
            Objects.requireNonNull(horizon, "horizon");
            clusterFeatures = List.copyOf(clusterFeatures);
            hidden = hidden.clone();
            if (historyDays < 0 || minK < 2 || maxK < minK || !(minSegmentShare >= 0 && minSegmentShare < 0.5)
                    || !(testShare > 0 && testShare < 1) || epochs < 1 || clusterFeatures.isEmpty()) {
                throw new IllegalArgumentException("invalid segment options: " + this);
            }
            for (String f : clusterFeatures) {
                if (!FeatureDefinition.SEGMENT.contains(f)) {
                    throw new IllegalArgumentException("no SEGMENT feature '" + f + "'");
                }
            }
        }

        public static Options defaults(long seed) {
            return new Options(Duration.ofDays(1), 6, 2, 6, 0.03, 0.3, DEFAULT_CLUSTER_FEATURES, new int[] {64, 32},
                    30, true, seed);
        }

        public UserSplit split() {
            return new UserSplit(seed, testShare);
        }

        public Options withK(int newMinK, int newMaxK) {
            return new Options(horizon, historyDays, newMinK, newMaxK, minSegmentShare, testShare, clusterFeatures, hidden,
                    epochs, balanceClasses, seed);
        }

        public Options withEpochs(int newEpochs) {
            return new Options(horizon, historyDays, minK, maxK, minSegmentShare, testShare, clusterFeatures, hidden,
                    newEpochs, balanceClasses, seed);
        }

        @Override
        public int[] hidden() {
            return hidden.clone();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "horizon %s, historyDays %d, k %d..%d, minSegmentShare %.2f, testShare %.2f,"
                    + " clusterFeatures %s, hidden %s, epochs %d, balanceClasses %s, seed %d", horizon, historyDays, minK,
                    maxK, minSegmentShare, testShare, clusterFeatures, Arrays.toString(hidden), epochs, balanceClasses, seed);
        }
    }

    /**
     * What training produced.
     *
     * @param sources       each behaviour source's snapshots
     * @param trainUsers    training user ids (sorted)
     * @param testUsers     held-out user ids (sorted)
     * @param standardizer  fitted on the training users at their main cut
     * @param selection     the choice of k and its k-means fit (in the clustering space)
     * @param clustering    the segment definition
     * @param profiles      names and descriptions (training users)
     * @param catalogue     the bundle's segment catalogue, in segment order
     * @param classifier    DL4J softmax over the catalogue
     * @param naiveBayes    the baseline, on standardized features
     * @param trainingRows  rows the classifiers were fitted on (main and daily cuts, before balancing)
     * @param golden        one held-out raw row per segment where one exists (else a training row)
     * @param finalLoss     the classifier's loss after the last epoch
     */
    public record Result(List<SegmentSnapshots> sources, List<String> trainUsers, List<String> testUsers,
            Standardizer standardizer, SegmentCountSelector.Selection selection, SegmentClustering clustering,
            List<SegmentProfile> profiles, List<SegmentInfo> catalogue, MultiLayerNetwork classifier,
            GaussianNaiveBayes naiveBayes, int trainingRows, List<double[]> golden, double finalLoss) {

        public int k() {
            return clustering.k();
        }
    }

    private static final List<FeatureSpec> SPECS = FeatureDefinition.SEGMENT.specs();

    private SegmentTraining() {
    }

    /**
     * Trains on the sources' snapshots.
     *
     * @throws IllegalArgumentException when there are too few training users for {@code minK} segments
     */
    public static Result train(List<SegmentSnapshots> sources, Options options, NetworkTraining.EpochListener listener) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no behaviour source to learn segments from");
        }
        Map<String, FeatureVector> mainVectors = new TreeMap<>();
        for (SegmentSnapshots s : sources) {
            mainVectors.putAll(s.main().vectors());
        }
        UserSplit.Parts parts = options.split().split(mainVectors.keySet());
        if (parts.train().size() < Math.max(options.minK() * 2, 4)) {
            throw new IllegalArgumentException("only " + parts.train().size() + " training users: too few for "
                    + options.minK() + " segments");
        }
        double[][] trainRaw = rows(mainVectors, parts.train());
        Standardizer standardizer = Standardizer.fit(SPECS, trainRaw);
        int[] columns = SegmentClustering.columns(options.clusterFeatures());
        double[][] trainSpace = SegmentClustering.project(standardizer.transformAll(trainRaw), columns);

        SegmentCountSelector.Config config = SegmentCountSelector.Config.of(options.minK(), options.maxK(), options.seed())
                .withMinSegmentShare(options.minSegmentShare());
        SegmentCountSelector.Selection selection = SegmentCountSelector.select(trainSpace, config);
        SegmentClustering clustering = new SegmentClustering(options.clusterFeatures(), selection.model().centroids());
        int k = clustering.k();
        int[] mainLabels = selection.model().assignAll(trainSpace);
        List<SegmentProfile> profiles = SegmentNamer.describe(SPECS, trainRaw, standardizer, mainLabels, k);
        List<SegmentInfo> catalogue = catalogue(profiles, trainRaw, mainLabels);

        // the classifiers' rows: training users at the main cut, then at each daily cut before it
        Set<String> train = new HashSet<>(parts.train());
        List<double[]> rows = new ArrayList<>(Arrays.asList(trainRaw));
        for (SegmentSnapshots s : sources) {
            for (Snapshot h : s.history()) {
                for (Map.Entry<String, FeatureVector> e : h.vectors().entrySet()) {
                    if (train.contains(e.getKey())) {
                        rows.add(e.getValue().values());
                    }
                }
            }
        }
        double[][] fitRaw = rows.toArray(double[][]::new);
        int[] fitLabels = clustering.labels(standardizer, fitRaw);
        GaussianNaiveBayes naiveBayes = GaussianNaiveBayes.fit(standardizer.transformAll(fitRaw), fitLabels, k);

        double[][] netRaw = fitRaw;
        int[] netLabels = fitLabels;
        if (options.balanceClasses()) {
            int[][] balanced = balancedOrder(fitLabels, k);
            netRaw = Arrays.stream(balanced[0]).mapToObj(i -> fitRaw[i]).toArray(double[][]::new);
            netLabels = balanced[1];
        }
        int[] order = shuffled(netRaw.length, options.seed());
        double[][] shuffledRaw = new double[netRaw.length][];
        int[] shuffledLabels = new int[netRaw.length];
        for (int i = 0; i < order.length; i++) {
            shuffledRaw[i] = netRaw[order[i]];
            shuffledLabels[i] = netLabels[order[i]];
        }
        MultiLayerNetwork classifier = NetworkTraining.classifier(options.seed(), SPECS.size(), options.hidden(), k);
        double[] lastLoss = {Double.NaN};
        NetworkTraining.fit(classifier, standardizer, shuffledRaw, NetworkTraining.oneHot(shuffledLabels, k),
                options.epochs(), (epoch, loss) -> {
                    lastLoss[0] = loss;
                    listener.epochDone(epoch, loss);
                });

        List<double[]> golden = golden(mainVectors, parts, standardizer, clustering, k);
        return new Result(sources, parts.train(), parts.test(), standardizer, selection, clustering, profiles, catalogue,
                classifier, naiveBayes, fitRaw.length, golden, lastLoss[0]);
    }

    static double[][] rows(Map<String, FeatureVector> vectors, List<String> users) {
        double[][] out = new double[users.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = vectors.get(users.get(i)).values();
        }
        return out;
    }

    /** The catalogue entry of each profile: a kebab-case id from the name, the top deviations, the members' raw means. */
    static List<SegmentInfo> catalogue(List<SegmentProfile> profiles, double[][] raw, int[] labels) {
        List<SegmentInfo> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (SegmentProfile p : profiles) {
            String base = slug(p.name());
            String id = base;
            for (int n = 2; !ids.add(id); n++) {
                id = base + "-" + n;
            }
            List<String> defining = p.deviations().stream().limit(3).map(SegmentProfile.Deviation::feature).toList();
            out.add(SegmentInfo.of(id, p.name(), p.description(), defining, memberMeans(raw, labels, p.segment())));
        }
        return out;
    }

    static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "segment" : s;
    }

    private static double[] memberMeans(double[][] raw, int[] labels, int segment) {
        double[] mean = new double[raw[0].length];
        int n = 0;
        for (int i = 0; i < raw.length; i++) {
            if (labels[i] == segment) {
                n++;
                for (int j = 0; j < mean.length; j++) {
                    mean[j] += raw[i][j];
                }
            }
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] = n == 0 ? 0 : mean[j] / n;
        }
        return mean;
    }

    /**
     * Row indices in which each class appears about as often as the largest: a class of n rows is
     * repeated round(largest / n) times (at most 20). Returns {indices, labels}.
     */
    static int[][] balancedOrder(int[] labels, int k) {
        int[] counts = new int[k];
        for (int label : labels) {
            counts[label]++;
        }
        int largest = Arrays.stream(counts).max().orElse(0);
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < labels.length; i++) {
            int repeat = Math.max(1, Math.min(20, (int) Math.round((double) largest / counts[labels[i]])));
            for (int r = 0; r < repeat; r++) {
                indices.add(i);
            }
        }
        int[] idx = indices.stream().mapToInt(Integer::intValue).toArray();
        int[] lab = Arrays.stream(idx).map(i -> labels[i]).toArray();
        return new int[][] {idx, lab};
    }

    /** A seeded permutation of 0..n-1 (Fisher–Yates). */
    static int[] shuffled(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(Seeds.derive(seed, -2));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static List<double[]> golden(Map<String, FeatureVector> vectors, UserSplit.Parts parts,
            Standardizer standardizer, SegmentClustering clustering, int k) {
        double[][] golden = new double[k][];
        for (List<String> side : List.of(parts.test(), parts.train())) {
            double[][] raw = rows(vectors, side);
            int[] labels = clustering.labels(standardizer, raw);
            for (int i = 0; i < raw.length; i++) {
                if (golden[labels[i]] == null) {
                    golden[labels[i]] = raw[i];
                }
            }
        }
        return Arrays.stream(golden).filter(Objects::nonNull).toList();
    }
}
