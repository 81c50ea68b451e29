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
