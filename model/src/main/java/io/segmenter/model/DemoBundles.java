package io.segmenter.model;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureVector;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A small, real, valid bundle trained in a few seconds on seeded synthetic data, so tests and the
 * stream can load a model before the trainer exists. Four segments (frequent high-spend buyers,
 * window shoppers, cart abandoners, dormant), an autoencoder calibrated on legitimate purchases, a
 * softmax fraud head; the threshold applies to the reconstruction score. Not a model of real
 * shoppers: the trainer's bundle replaces it.
 *
 * <p>The same seed gives the same bundle, byte for byte, on the same machine.
 */
public final class DemoBundles {

    public static final long DEFAULT_SEED = 42;

    /** Fixed so that equal seeds give equal bytes. */
    static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    static final int SEGMENT_ROWS = 1200;
    static final int FRAUD_ROWS = 2000;
    static final double FRAUD_SHARE = 0.05;
    static final double FRAUD_THRESHOLD = 0.99;
    private static final NetworkTraining.EpochListener SILENT = NetworkTraining.EpochListener.SILENT;

    private static final String[][] CATALOGUE = {
        {"frequent-high-spenders", "frequent high-spend buyers", "buy on many days, large orders, most carts end in a purchase"},
        {"window-shoppers", "window shoppers", "view many products, rarely cart and rarely buy"},
        {"cart-abandoners", "cart abandoners", "cart often, leave most carts behind"},
        {"dormant", "dormant or one-off visitors", "little activity in the last 30 days"},
    };
    private static final String[][] DEFINING = {
        {"purchase_days_30d", "spend_30d", "cart_to_purchase_rate_30d"},
        {"views_30d", "view_to_cart_rate_30d", "purchases_30d"},
        {"carts_30d", "cart_abandonment_rate_30d", "cart_to_purchase_rate_30d"},
        {"events_24h", "sessions_30d", "hours_since_previous_session"},
    };

    private static ModelBundle defaultBundle;
    private static ModelBundle predictionBundle;

    /** The synthetic P(order) of each synthetic segment, for {@link #withPredictions}. */
    static final double[] SYNTHETIC_PURCHASE_RATE = {0.6, 0.3, 0.1, 0.05};
    /** The synthetic P(churn) of a non-buyer of each synthetic segment. */
    static final double[] SYNTHETIC_CHURN_RATE = {0.05, 0.1, 0.3, 0.6};

    private DemoBundles() {
    }

    /** The bundle of {@link #DEFAULT_SEED}, built once per JVM. */
    public static synchronized ModelBundle defaultBundle() {
        if (defaultBundle == null) {
            defaultBundle = build(DEFAULT_SEED);
        }
        return defaultBundle;
    }

    /** A fresh demo bundle for {@code seed}; a few seconds of training. */
    public static ModelBundle build(long seed) {
        return builder(seed).build();
    }

    /** The demo parts, ready to build; tests change a part before building. */
    static ModelBundle.Builder builder(long seed) {
        Random random = new Random(seed);
        SyntheticShoppers.Labeled shoppers = SyntheticShoppers.segmentRows(SEGMENT_ROWS, random);
        SyntheticShoppers.Labeled purchases = SyntheticShoppers.fraudRows(FRAUD_ROWS, FRAUD_SHARE, random);
        int segmentTrain = SEGMENT_ROWS * 4 / 5;
        int fraudTrain = FRAUD_ROWS * 4 / 5;

        double[][] segmentRows = Arrays.copyOfRange(shoppers.rows(), 0, segmentTrain);
        int[] segmentLabels = Arrays.copyOfRange(shoppers.labels(), 0, segmentTrain);
        Standardizer segmentNormalizer = Standardizer.fit(FeatureDefinition.SEGMENT.specs(), segmentRows);
        MultiLayerNetwork classifier = NetworkTraining.classifier(seed, FeatureDefinition.SEGMENT.size(),
                new int[] {32, 16}, SyntheticShoppers.SEGMENTS);
        NetworkTraining.fit(classifier, segmentNormalizer, segmentRows,
                NetworkTraining.oneHot(segmentLabels, SyntheticShoppers.SEGMENTS), 15, SILENT);

        double[][] fraudRows = Arrays.copyOfRange(purchases.rows(), 0, fraudTrain);
        int[] fraudLabels = Arrays.copyOfRange(purchases.labels(), 0, fraudTrain);
        double[][] legitimate = select(fraudRows, fraudLabels, 0);
        Standardizer fraudNormalizer = Standardizer.fit(FeatureDefinition.FRAUD.specs(), legitimate);
        int width = FeatureDefinition.FRAUD.size();
        MultiLayerNetwork autoencoder = NetworkTraining.autoencoder(seed + 1, width, new int[] {12, 6, 12});
        NetworkTraining.fit(autoencoder, fraudNormalizer, legitimate,
                NetworkTraining.standardized(fraudNormalizer, legitimate), 30, SILENT);
        MultiLayerNetwork fraudHead = NetworkTraining.classifier(seed + 2, width, new int[] {16}, 2);
        NetworkTraining.fit(fraudHead, fraudNormalizer, fraudRows, NetworkTraining.oneHot(fraudLabels, 2), 15, SILENT);

        List<SegmentInfo> segments = new ArrayList<>();
        for (int k = 0; k < SyntheticShoppers.SEGMENTS; k++) {
            segments.add(SegmentInfo.of(CATALOGUE[k][0], CATALOGUE[k][1], CATALOGUE[k][2], List.of(DEFINING[k]),
                    columnMeans(select(segmentRows, segmentLabels, k))));
        }

        double[][] segmentHoldout = Arrays.copyOfRange(shoppers.rows(), segmentTrain, SEGMENT_ROWS);
        int[] segmentHoldoutLabels = Arrays.copyOfRange(shoppers.labels(), segmentTrain, SEGMENT_ROWS);
        double[][] fraudHoldout = Arrays.copyOfRange(purchases.rows(), fraudTrain, FRAUD_ROWS);
        int[] fraudHoldoutLabels = Arrays.copyOfRange(purchases.labels(), fraudTrain, FRAUD_ROWS);
        ScoreCalibration calibration = ScoreCalibration.fit(
                BatchScorer.reconstructionErrors(autoencoder, fraudNormalizer, legitimate), ScoreCalibration.DEFAULT_POINTS);

        ModelBundle.Builder builder = ModelBundle.builder()
                .modelVersion("demo-synthetic-seed" + seed)
                .createdTime(CREATED)
                .segmentClassifier(classifier, segmentNormalizer, segments)
                .anomalyModel(autoencoder, fraudNormalizer)
                .anomalyCalibration(calibration)
                .fraudClassifier(fraudHead)
                .fraudThreshold(FRAUD_THRESHOLD, FraudScoreSource.RECONSTRUCTION)
                .trainingMetric("segmentHoldoutAccuracy",
                        accuracy(classifier, segmentNormalizer, segmentHoldout, segmentHoldoutLabels))
                .trainingMetric("fraudHeadHoldoutAccuracy",
                        accuracy(fraudHead, fraudNormalizer, fraudHoldout, fraudHoldoutLabels))
                .trainingMetric("anomalyHoldoutRecallAtThreshold",
                        flaggedShare(autoencoder, fraudNormalizer, calibration, select(fraudHoldout, fraudHoldoutLabels, 1)))
                .trainingMetric("anomalyHoldoutFalsePositiveRate",
                        flaggedShare(autoencoder, fraudNormalizer, calibration, select(fraudHoldout, fraudHoldoutLabels, 0)))
                .notes("synthetic demo bundle (DemoBundles, seed " + seed + "); not trained on real data");
        for (int k = 0; k < SyntheticShoppers.SEGMENTS; k++) {
            builder.goldenSegmentInput(select(segmentHoldout, segmentHoldoutLabels, k)[0]);
        }
        double[][] legitimateHoldout = select(fraudHoldout, fraudHoldoutLabels, 0);
        double[][] fraudulentHoldout = select(fraudHoldout, fraudHoldoutLabels, 1);
        builder.goldenFraudInput(legitimateHoldout[0]).goldenFraudInput(legitimateHoldout[1])
                .goldenFraudInput(fraudulentHoldout[0]);
        return builder;
    }

    /**
     * The demo bundle of {@code seed} with predictive heads, built once per JVM for
     * {@link #DEFAULT_SEED}. The heads learn a synthetic future, not a real one: each synthetic
     * shopper orders with a probability and churns with a probability set by its segment
     * ({@link #SYNTHETIC_PURCHASE_RATE}, {@link #SYNTHETIC_CHURN_RATE}); enough for tests of the
     * bundle format and of serving, nothing to measure.
     */
    public static synchronized ModelBundle withPredictions(long seed) {
        if (seed == DEFAULT_SEED && predictionBundle != null) {
            return predictionBundle;
        }
        ModelBundle.Builder builder = builder(seed);
        Random random = new Random(seed + 3);
        SyntheticShoppers.Labeled shoppers = SyntheticShoppers.segmentRows(SEGMENT_ROWS, random);
        int n = shoppers.rows().length;
        boolean[] purchased = new boolean[n];
        double[] orders = new double[n];
        boolean[] churned = new boolean[n];
        boolean[] all = new boolean[n];
        for (int i = 0; i < n; i++) {
            int k = shoppers.labels()[i] % SYNTHETIC_PURCHASE_RATE.length;
            purchased[i] = random.nextDouble() < SYNTHETIC_PURCHASE_RATE[k];
            orders[i] = purchased[i] ? 1 + random.nextInt(3) : 0;
            churned[i] = !purchased[i] && random.nextDouble() < SYNTHETIC_CHURN_RATE[k];
            all[i] = true;
        }
        Standardizer normalizer = Standardizer.fit(FeatureDefinition.SEGMENT.specs(), shoppers.rows());
        org.deeplearning4j.nn.graph.ComputationGraph net = PredictiveNetwork.create(seed + 4,
                FeatureDefinition.SEGMENT.size(), new int[] {16}, 5e-3, 1e-4);
        PredictiveNetwork.Labels labels = new PredictiveNetwork.Labels(purchased, orders, churned, all, all);
        PredictiveNetwork.fit(net, normalizer, shoppers.rows(), labels, shoppers.rows(), labels, 10, 3, seed, SILENT);
        double[][] raw = PredictiveNetwork.output(net, normalizer, shoppers.rows());
        double[][] byHead = new double[3][n];
        for (int i = 0; i < n; i++) {
            for (int h = 0; h < 3; h++) {
                byHead[h][i] = raw[i][h];
            }
        }
        PredictiveHeads heads = new PredictiveHeads(java.time.Duration.ofDays(1), java.time.Duration.ofDays(3), normalizer,
                List.of(net), IsotonicCalibration.fitProbabilities(byHead[0], purchased),
                IsotonicCalibration.fitMeans(byHead[1], orders), IsotonicCalibration.fitProbabilities(byHead[2], churned));
        ModelBundle bundle = builder.modelVersion("demo-synthetic-predictions-seed" + seed).predictiveHeads(heads).build();
        if (seed == DEFAULT_SEED) {
            predictionBundle = bundle;
        }
        return bundle;
    }

    /** {@code n} synthetic SEGMENT vectors (segments in turn) as of {@code asOf}. */
    public static List<FeatureVector> segmentVectors(int n, long seed, Instant asOf) {
        return vectors(FeatureDefinition.SEGMENT, SyntheticShoppers.segmentRows(n, new Random(seed)).rows(), asOf);
    }

    /** {@code n} synthetic FRAUD vectors, about 5% of them fraudulent, as of {@code asOf}. */
    public static List<FeatureVector> fraudVectors(int n, long seed, Instant asOf) {
        return vectors(FeatureDefinition.FRAUD, SyntheticShoppers.fraudRows(n, FRAUD_SHARE, new Random(seed)).rows(), asOf);
    }

    private static List<FeatureVector> vectors(FeatureDefinition kind, double[][] rows, Instant asOf) {
        List<FeatureVector> out = new ArrayList<>(rows.length);
        for (double[] row : rows) {
            out.add(new FeatureVector(kind, row, asOf));
        }
        return List.copyOf(out);
    }



    private static double accuracy(MultiLayerNetwork net, Standardizer normalizer, double[][] rows, int[] labels) {
        double[][] out = net.output(Nd4j.create(NetworkTraining.standardized(normalizer, rows)).castTo(DataType.FLOAT), false)
                .toDoubleMatrix();
        int right = 0;
        for (int i = 0; i < rows.length; i++) {
            if (SegmentScore.of(out[i]).best() == labels[i]) {
                right++;
            }
        }
        return (double) right / rows.length;
    }

    private static double flaggedShare(MultiLayerNetwork autoencoder, Standardizer normalizer,
                                       ScoreCalibration calibration, double[][] rows) {
        double[] errors = BatchScorer.reconstructionErrors(autoencoder, normalizer, rows);
        return Arrays.stream(errors).filter(e -> calibration.score(e) >= FRAUD_THRESHOLD).count() / (double) rows.length;
    }

    /** The mean of every column, in the features' own units (a segment's "typical" values). */
    private static double[] columnMeans(double[][] rows) {
        double[] mean = new double[rows[0].length];
        for (double[] row : rows) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += row[j] / rows.length;
            }
        }
        return mean;
    }



    private static double[][] select(double[][] rows, int[] labels, int label) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            if (labels[i] == label) {
                out.add(rows[i]);
            }
        }
        return out.toArray(double[][]::new);
    }
}
