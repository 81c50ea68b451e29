package io.segmenter.trainer.fraud;

import static io.segmenter.trainer.fraud.FraudEvents.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.model.FeatureTransform;
import io.segmenter.model.FraudScoreSource;
import io.segmenter.model.ModelBundle;
import io.segmenter.model.NetworkTraining;
import io.segmenter.model.ScoreCalibration;
import io.segmenter.model.Standardizer;
import io.segmenter.trainer.BinaryOutcome;
import io.segmenter.trainer.Metrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Evaluation against answers worked out by hand. The bundle's head is set by hand to
 * {@code P(fraud) = sigmoid(ln 3601 - ln(1 + age seconds)) = 3601 / (3602 + age seconds)}, so the
 * score falls with account age and crosses the threshold 0.5 at exactly one hour; the 24 labelled
 * purchases below are listed from the youngest account (highest score) down.
 */
class FraudEvaluationTest {

    /** Account age and label of each purchase, highest score first. */
    private static final Object[][] PURCHASES = {
        {Duration.ofSeconds(5), true},      //  1
        {Duration.ofSeconds(20), true},     //  2
        {Duration.ofSeconds(45), true},     //  3
        {Duration.ofMinutes(2), false},     //  4
        {Duration.ofMinutes(5), true},      //  5
        {Duration.ofMinutes(12), true},     //  6
        {Duration.ofMinutes(25), false},    //  7
        {Duration.ofMinutes(50), true},     //  8  the last one at or above 0.5
        {Duration.ofHours(2), false},       //  9
        {Duration.ofHours(5), false},       // 10
        {Duration.ofHours(9), true},        // 11  device seen: shares "shared-1" with 20
        {Duration.ofDays(1), false},        // 12
        {Duration.ofDays(2), false},        // 13  device seen: shares "shared-2" with 22
        {Duration.ofDays(3), true},         // 14
        {Duration.ofDays(5), false},        // 15
        {Duration.ofDays(8), false},        // 16
        {Duration.ofDays(12), false},       // 17
        {Duration.ofDays(20), true},        // 18
        {Duration.ofDays(30), false},       // 19
        {Duration.ofDays(40), false},       // 20
        {Duration.ofDays(50), false},       // 21
        {Duration.ofDays(60), false},       // 22
        {Duration.ofDays(75), false},       // 23
        {Duration.ofDays(90), false},       // 24
    };
    private static final double THRESHOLD = 0.5;

    private static ModelBundle bundle;
    private static FraudSamples samples;

    @BeforeAll
    static void handMadeBundleAndPurchases() {
        bundle = FraudBundles.bundle(handSetModel());
        samples = FraudSamples.from(purchases());
    }

    @Test
    void measuresTheBundleScoreAtItsThresholdAgainstHandCountedAnswers() {
        FraudReport report = FraudEvaluation.evaluate(bundle, samples);

        assertThat(report.purchases()).isEqualTo(24); // the unlabelled purchase is left out
        assertThat(report.frauds()).isEqualTo(9);
        assertThat(report.scoreSource()).isEqualTo(FraudScoreSource.SUPERVISED);
        assertThat(report.threshold()).isEqualTo(THRESHOLD);
        // purchases 1-8 flagged: frauds 1, 2, 3, 5, 6, 8 and legitimate 4, 7
        assertThat(report.atThreshold()).isEqualTo(new BinaryOutcome(6, 2, 3, 13));
        assertThat(report.precision()).isEqualTo(0.75);
        assertThat(report.recall()).isEqualTo(6.0 / 9);
        assertThat(report.falsePositiveRate()).isEqualTo(2.0 / 15);
        // negatives ranked below each fraud: 15, 15, 15, 14, 14, 13, 11, 9, 6 = 112 of 9 x 15 pairs
        assertThat(report.rocAuc()).isCloseTo(112.0 / 135, within(1e-12));
        // precision at each fraud's rank: 1/1, 2/2, 3/3, 4/5, 5/6, 6/8, 7/11, 8/14, 9/18
        double averagePrecision = (1 + 1 + 1 + 4.0 / 5 + 5.0 / 6 + 6.0 / 8 + 7.0 / 11 + 8.0 / 14 + 9.0 / 18) / 9;
        assertThat(report.prAuc()).isCloseTo(averagePrecision, within(1e-12));
        assertThat(report.supervisedRocAuc()).isCloseTo(112.0 / 135, within(1e-12));
    }

    @Test
    void scoresAsServingDoes() {
        FraudReport report = FraudEvaluation.evaluate(bundle, samples);

        List<FraudSample> labelled = samples.labelled().samples(); // in time order, not in rank order
        double[] scores = report.scores();
        assertThat(scores).hasSize(PURCHASES.length);
        for (int i = 0; i < scores.length; i++) {
            int rank = Integer.parseInt(labelled.get(i).userId().substring("user-".length()));
            double expected = 3601.0 / (3602.0 + ((Duration) PURCHASES[rank - 1][0]).toSeconds());
            assertThat(scores[i]).as("purchase %d", rank).isCloseTo(expected, within(1e-5));
        }
        double[] served = bundle.newScorer().scoreFraud(samples.labelled().vectors()).stream()
                .mapToDouble(s -> s.score()).toArray();
        assertThat(scores).containsExactly(served);
    }

    @Test
    void putsEveryHandRuleBesideTheModelOnTheSamePurchases() {
        FraudReport report = FraudEvaluation.evaluate(bundle, samples);
        Map<String, FraudReport.RuleComparison> rules = new java.util.LinkedHashMap<>();
        report.handRules().forEach(c -> rules.put(c.rule().rule().name(), c));

        assertThat(rules.keySet()).containsExactly("signup-within-1m", "device-seen-24h", "ip-seen-24h",
                "signup-within-1m-or-device-seen-24h");
        // under a minute: 1, 2, 3, all fraud; the model's curve is pure down to 3 as well, no further
        assertThat(rules.get("signup-within-1m").rule().outcome()).isEqualTo(new BinaryOutcome(3, 0, 6, 15));
        assertThat(rules.get("signup-within-1m").modelRecallAtRulePrecision()).isEqualTo(3.0 / 9);
        assertThat(rules.get("signup-within-1m").modelBeatsRule()).isFalse();
        // device seen: 11 (fraud) and 13 (legitimate): precision 1/2; the model keeps 1/2 down to purchase 18
        assertThat(rules.get("device-seen-24h").rule().outcome()).isEqualTo(new BinaryOutcome(1, 1, 8, 14));
        assertThat(rules.get("device-seen-24h").modelRecallAtRulePrecision()).isEqualTo(1.0);
        assertThat(rules.get("device-seen-24h").modelBeatsRule()).isTrue();
        // every address is new: the rule flags nothing
        assertThat(rules.get("ip-seen-24h").rule().outcome()).isEqualTo(new BinaryOutcome(0, 0, 9, 15));
        assertThat(rules.get("ip-seen-24h").modelBeatsRule()).isTrue();
        // 1, 2, 3, 11 and 13: precision 4/5; the model has 5/6 at purchase 6, recall 5/9
        assertThat(rules.get("signup-within-1m-or-device-seen-24h").rule().outcome())
                .isEqualTo(new BinaryOutcome(4, 1, 5, 14));
        assertThat(rules.get("signup-within-1m-or-device-seen-24h").modelRecallAtRulePrecision()).isEqualTo(5.0 / 9);
        assertThat(report.beatsEveryHandRule()).isFalse();
    }

    @Test
    void writesCurvesAndHistogramForPlotting() throws Exception {
        FraudReport report = FraudEvaluation.evaluate(bundle, samples);

        // 24 distinct scores: (0, 0) then one point per score; the last point flags everything
        assertThat(report.rocCurve()).hasSize(25);
        assertThat(report.rocCurve().get(24).truePositiveRate()).isEqualTo(1.0);
        assertThat(report.rocCurve().get(24).falsePositiveRate()).isEqualTo(1.0);
        assertThat(report.precisionRecallCurve()).hasSize(24);
        assertThat(report.precisionRecallCurve().get(7).precision()).isEqualTo(0.75);
        long[] legitimate = report.histogram().legitimate();
        long[] fraud = report.histogram().fraud();
        assertThat(Arrays.stream(legitimate).sum()).isEqualTo(15);
        assertThat(Arrays.stream(fraud).sum()).isEqualTo(9);
        // purchases 1-3 score above 0.98: the top bin; purchase 24 scores 3601/7779602, the bottom one
        assertThat(fraud[FraudEvaluation.HISTOGRAM_BINS - 1]).isEqualTo(3);
        assertThat(legitimate[0]).isPositive();

        ObjectMapper mapper = new ObjectMapper();
        JsonNode json = mapper.readTree(mapper.writeValueAsString(report.toJson()));
        assertThat(json.get("precision").asDouble()).isEqualTo(0.75);
        assertThat(json.get("scoreSource").asText()).isEqualTo("SUPERVISED");
        assertThat(json.get("atThreshold").get("falsePositives").asLong()).isEqualTo(2);
        assertThat(json.get("rocCurve")).hasSize(25);
        assertThat(json.get("rocCurve").get(0).get("threshold").isNull()).isTrue();
        assertThat(json.get("handRules").get(0).get("name").asText()).isEqualTo("signup-within-1m");
        assertThat(json.get("scoreHistogram").get("binEdges")).hasSize(FraudEvaluation.HISTOGRAM_BINS + 1);
        assertThat(json.has("scores")).isFalse();
    }

    @Test
    void refusesPurchasesWithoutBothLabels() {
        FraudSamples onlyLegitimate = samples.filter(s -> s.hasLabel() && !s.isFraud());

        assertThatThrownBy(() -> FraudEvaluation.evaluate(bundle, onlyLegitimate))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsAtMostTheAllowedCurvePointsWithBothEnds() {
        List<Metrics.CurvePoint> curve = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            curve.add(new Metrics.CurvePoint(1000 - i, i / 999.0, i / 999.0, 1, i / 999.0));
        }

        List<Metrics.CurvePoint> kept = FraudEvaluation.downsample(curve, FraudEvaluation.MAX_CURVE_POINTS);

        assertThat(kept).hasSizeLessThanOrEqualTo(FraudEvaluation.MAX_CURVE_POINTS).hasSizeGreaterThan(150);
        assertThat(kept.get(0)).isEqualTo(curve.get(0));
        assertThat(kept.get(kept.size() - 1)).isEqualTo(curve.get(999));
        assertThat(kept).extracting(Metrics.CurvePoint::threshold).isSortedAccordingTo(Collections.reverseOrder());
        assertThat(FraudEvaluation.downsample(curve.subList(0, 50), FraudEvaluation.MAX_CURVE_POINTS)).hasSize(50);
    }

    /** Purchases in time order: 20 and 22 first (their devices are seen again by 11 and 13), then an unlabelled one. */
    private static List<DatasetEvent> purchases() {
        List<DatasetEvent> events = new ArrayList<>();
        int minute = 0;
        events.add(purchase(20, minute++, "shared-1"));
        events.add(purchase(22, minute++, "shared-2"));
        for (int rank = 1; rank <= PURCHASES.length; rank++) {
            if (rank == 20 || rank == 22) {
                continue;
            }
            String device = rank == 11 ? "shared-1" : rank == 13 ? "shared-2" : "device-" + rank;
            events.add(purchase(rank, minute++, device));
        }
        // the youngest account of all, but unlabelled: evaluation must not count it
        events.add(FraudEvents.purchase("unlabelled", at(Duration.ofMinutes(minute)), Duration.ofSeconds(1), "device-x",
                null, 40, OptionalInt.empty()));
        return events;
    }

    private static DatasetEvent purchase(int rank, int minute, String device) {
        Object[] row = PURCHASES[rank - 1];
        return FraudEvents.purchase(String.format(java.util.Locale.ROOT, "user-%02d", rank),
                at(Duration.ofMinutes(minute)), (Duration) row[0], device, null, 40,
                OptionalInt.of((Boolean) row[1] ? 1 : 0));
    }

    /** Identity normalizer, untrained autoencoder, and the hand-set head described in the class comment. */
    private static FraudModel handSetModel() {
        int width = FeatureDefinition.FRAUD.size();
        double[] zeros = new double[width];
        double[] ones = new double[width];
        Arrays.fill(ones, 1);
        Standardizer identity = new Standardizer(FeatureDefinition.FRAUD.names(),
                Collections.nCopies(width, FeatureTransform.IDENTITY), zeros, ones, new boolean[width]);
        MultiLayerNetwork autoencoder = NetworkTraining.autoencoder(1, width, new int[] {4});
        MultiLayerNetwork head = NetworkTraining.classifier(1, width, new int[0], 2);
        double[][] w = new double[width][2];
        w[FeatureDefinition.FRAUD.indexOf("log_account_age_seconds")][1] = -1;
        head.getLayer(0).setParam("W", Nd4j.create(w).castTo(DataType.FLOAT));
        head.getLayer(0).setParam("b", Nd4j.create(new double[][] {{0, Math.log(3601)}}).castTo(DataType.FLOAT));
        double[] golden = new double[width];
        return new FraudModel(autoencoder, identity, ScoreCalibration.fit(new double[] {0, 1}, 2), head,
                FraudScoreSource.SUPERVISED, THRESHOLD, "hand-set: flags accounts at most an hour old", Map.of(),
                List.of(golden));
    }
}
