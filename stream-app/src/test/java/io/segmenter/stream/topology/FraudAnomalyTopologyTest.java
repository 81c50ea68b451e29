package io.segmenter.stream.topology;

import static io.segmenter.stream.topology.Events.BASE;
import static io.segmenter.stream.topology.Events.clickBuilder;
import static io.segmenter.stream.topology.Events.purchaseBuilder;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.FeatureVector;
import io.segmenter.model.AnomalyScore;
import io.segmenter.model.ModelBundle;
import io.segmenter.model.Reason;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.FeatureContribution;
import io.segmenter.schemas.avro.FraudAnomaly;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.stream.http.LastAnomalyAttribute;
import io.segmenter.stream.http.UserSnapshot;
import io.segmenter.stream.scoring.LiveModels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fraud scoring through the production topology with the demo bundle, whose anomaly model flags
 * what its synthetic fraud looks like: a purchase by an account created seconds before, with no
 * history. A shopper with weeks of history, a long-standing account and a few views before an
 * ordinary order is not flagged.
 */
class FraudAnomalyTopologyTest {

    private static final Instant NOW = BASE.plus(Duration.ofDays(60));
    /** The purchase time of the scenarios. */
    private static final Instant P = BASE.plus(Duration.ofDays(25)).plus(Duration.ofHours(14));
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final int REASONS = 3;

    @TempDir
    Path stateDir;

    private final CountingTopologyMetrics metrics = new CountingTopologyMetrics();
    private final ModelBundle demo = TestModels.demo();
    private TopologyHarness topology;

    @AfterEach
    void closeTopology() {
        if (topology != null) {
            topology.close();
        }
    }

    private void start(String... settings) {
        TopologyHarness.Builder builder = TopologyHarness.builder(stateDir, NOW).metrics(metrics).models(LiveModels.of(demo))
                .tapPurchaseFeatures();
        for (int i = 0; i < settings.length; i += 2) {
            builder.config(settings[i], settings[i + 1]);
        }
        topology = builder.start();
    }

    @Test
    void flagsAPurchaseAtTheThresholdWithItsScoreContributionsAndOrder() {
        start();
        PurchaseEvent fresh = freshAccountPurchase("fresh", P);
        topology.send(fresh);

        score();

        FeatureVector vector = topology.tappedPurchaseFeatures().get(0).fraudVector();
        AnomalyScore expected = demo.newScorer().scoreFraud(List.of(vector)).get(0);
        List<Reason> reasons = demo.explainer().fraudReasons(vector, expected, REASONS);
        Instant emitted = NOW.plus(INTERVAL);
        FraudAnomaly anomaly = FraudAnomaly.newBuilder()
                .setUserId("fresh")
                .setOrderId(fresh.getOrderId())
                .setEventId(fresh.getEventId())
                .setAmountMinor(14_000)
                .setCurrency("EUR")
                .setDeviceId("d-fresh")
                .setIp("10.9.9.9")
                .setScore(expected.score())
                .setThreshold(demo.fraudThreshold())
                .setSupervisedProbability(expected.supervisedProbability())
                .setContributions(reasons.stream()
                        .map(r -> new FeatureContribution(r.feature(), r.value(), r.weight(), r.text())).toList())
                .setModelVersion(demo.modelVersion())
                .setEventTime(P)
                .setEmittedTime(emitted)
                .build();
        assertThat(expected.score()).isGreaterThanOrEqualTo(demo.fraudThreshold());
        assertThat(reasons).hasSize(REASONS);
        assertThat(topology.fraudAnomalies()).containsExactly(new TestRecord<>("fresh", anomaly, emitted));
        assertThat(topology.lastAnomaly("fresh")).contains(anomaly);
        assertThat(metrics.anomalies()).isEqualTo(1);
        assertThat(metrics.outputLatencies(ScoringProcessor.FRAUD_ANOMALY_OUTPUT)).containsExactly(Duration.between(P, emitted));
        assertThat(topology.storeContents(SegmentationTopology.PURCHASE_SCORING_PENDING_STORE)).isEmpty();
        assertThat(topology.producedTopicNames()).contains(
                topology.changelogOf(SegmentationTopology.PURCHASE_SCORING_PENDING_STORE),
                topology.changelogOf(SegmentationTopology.ORDER_ANOMALY_DEDUP_STORE),
                topology.changelogOf(SegmentationTopology.USER_ANOMALY_STORE));
    }

    @Test
    void anOrdinaryPurchaseOfAShopperWithHistoryIsScoredButNotFlagged() {
        start();
        topology.sendAll(regularShopperOrder("regular", P));

        score();

        AnomalyScore score = demo.newScorer().scoreFraud(List.of(topology.tappedPurchaseFeatures().get(0).fraudVector())).get(0);
        assertThat(score.score()).isLessThan(demo.fraudThreshold());
        assertThat(metrics.purchasesScored()).isEqualTo(1);
        assertThat(metrics.batchSizes(ScoringProcessor.PURCHASES)).containsExactly(1);
        assertThat(metrics.modelCallSizes(ScoringProcessor.PURCHASES)).containsExactly(1);
        assertThat(topology.fraudAnomalies()).isEmpty();
        assertThat(topology.lastAnomaly("regular")).isEmpty();
    }

    @Test
    void raisesOneAnomalyPerOrderWhenTheOrderIsSentAgainLaterUnderANewEventId() {
        start();
        PurchaseEvent fresh = freshAccountPurchase("fresh", P);
        topology.send(fresh);
        score();
        assertThat(topology.fraudAnomalies()).hasSize(1);

        // the same event id would be dropped as a duplicate at the input; a new one is a new event of the same order
        topology.send(resent(fresh));
        score();

        assertThat(metrics.purchasesScored()).isEqualTo(2);
        assertThat(metrics.anomaliesSuppressed()).as("the redelivery scored at or above the threshold too").isEqualTo(1);
        assertThat(topology.fraudAnomalies()).isEmpty();
        assertThat(topology.storeContents(SegmentationTopology.ORDER_ANOMALY_DEDUP_STORE)).containsOnlyKeys(fresh.getOrderId());
    }

    @Test
    void anOrderSentTwiceBeforeScoringIsScoredOnce() {
        start();
        PurchaseEvent fresh = freshAccountPurchase("fresh", P);
        topology.send(fresh);
        topology.send(fresh);
        assertThat(topology.tappedPurchaseFeatures()).as("the redelivered event id is dropped at the input").hasSize(1);
        topology.send(resent(fresh));
        assertThat(topology.tappedPurchaseFeatures()).hasSize(2);

        score();

        assertThat(metrics.purchasesScored()).isEqualTo(1);
        assertThat(topology.fraudAnomalies()).extracting(r -> r.value().getOrderId()).containsExactly(fresh.getOrderId());
    }

    @Test
    void forgetsFlaggedOrdersOnceTheyAreOlderThanTheDedupWindow() {
        start("anomaly.dedup.window", "PT2H");
        PurchaseEvent fresh = freshAccountPurchase("fresh", P);
        topology.send(fresh);
        score();
        assertThat(topology.storeContents(SegmentationTopology.ORDER_ANOMALY_DEDUP_STORE)).containsOnlyKeys(fresh.getOrderId());

        topology.send(clickBuilder("sentinel", ClickType.VIEW, P.plus(Duration.ofHours(2))).build());
        assertThat(topology.storeContents(SegmentationTopology.ORDER_ANOMALY_DEDUP_STORE)).containsOnlyKeys(fresh.getOrderId());

        topology.send(clickBuilder("sentinel", ClickType.VIEW, P.plus(Duration.ofHours(3))).build());
        assertThat(topology.storeContents(SegmentationTopology.ORDER_ANOMALY_DEDUP_STORE)).isEmpty();
    }

    @Test
    void scoresPurchasesAtOnceWhenTheBatchLimitIsReached() {
        start("scoring.max.batch", "2");
        topology.send(freshAccountPurchase("a", P));
        assertThat(metrics.batchSizes(ScoringProcessor.PURCHASES)).isEmpty();

        topology.send(freshAccountPurchase("b", P.plusSeconds(30)));

        assertThat(metrics.batchSizes(ScoringProcessor.PURCHASES)).containsExactly(2);
        assertThat(topology.fraudAnomalies()).extracting(TestRecord::key).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aWaitingPurchaseThatCannotBeDecodedIsDroppedWithoutStoppingScoring() {
        start();
        topology.putStoreEntry(SegmentationTopology.PURCHASE_SCORING_PENDING_STORE, "o-corrupt", new byte[] {9, 9, 9});
        PurchaseEvent fresh = freshAccountPurchase("fresh", P);
        topology.send(fresh);

        score();

        assertThat(topology.fraudAnomalies()).extracting(r -> r.value().getOrderId()).containsExactly(fresh.getOrderId());
        assertThat(metrics.purchasesScored()).isEqualTo(1);
        assertThat(topology.storeContents(SegmentationTopology.PURCHASE_SCORING_PENDING_STORE)).isEmpty();
        assertThat(topology.deadLetters()).isEmpty();
    }

    @Test
    void lastAnomalyAttributeReadsTheUsersLatestAnomaly() {
        start();
        PurchaseEvent first = freshAccountPurchase("fresh", P);
        PurchaseEvent second = purchaseBuilder("fresh", 90, P.plus(Duration.ofMinutes(2))).setCurrency("EUR")
                .setDeviceId("d-fresh").setIp("10.9.9.9").setAccountCreatedTime(P.minusSeconds(30)).build();
        topology.send(first);
        score();
        topology.send(second);
        score();
        List<TestRecord<String, FraudAnomaly>> anomalies = topology.fraudAnomalies();
        assertThat(anomalies).extracting(r -> r.value().getOrderId()).containsExactly(first.getOrderId(), second.getOrderId());
        FraudAnomaly latest = anomalies.get(1).value();
        UserSnapshot user = new UserSnapshot("fresh", topology.segmentVector("fresh", second.getEventTime()));

        LastAnomalyAttribute attribute = new LastAnomalyAttribute();

        assertThat(attribute.read(user, topology.localStores())).contains(new LastAnomalyAttribute.LastAnomaly(
                second.getOrderId(), second.getEventId(), 9_000, "EUR", "d-fresh", "10.9.9.9", latest.getScore(),
                demo.fraudThreshold(), latest.getSupervisedProbability(),
                latest.getContributions().stream().map(c -> new LastAnomalyAttribute.Contribution(c.getFeature(), c.getValue(),
                        c.getContribution(), c.getText())).toList(),
                demo.modelVersion(), second.getEventTime().toString(), NOW.plus(INTERVAL.multipliedBy(2)).toString()));
        assertThat(attribute.read(new UserSnapshot("someone-else", user.features()), topology.localStores())).isEmpty();
    }

    // ---- helpers

    private void score() {
        topology.advanceWallClock(INTERVAL);
    }

    /** The same order under a new event id (e.g. a client retry that made a new event). */
    private static PurchaseEvent resent(PurchaseEvent purchase) {
        return PurchaseEvent.newBuilder(purchase).setEventId(purchase.getEventId() + "-resent").build();
    }

    /** A first purchase, 30 seconds after the account was created, of a shopper never seen before. */
    private static PurchaseEvent freshAccountPurchase(String user, Instant at) {
        return purchaseBuilder(user, 140, at).setCurrency("EUR").setDeviceId("d-" + user).setIp("10.9.9.9")
                .setAccountCreatedTime(at.minusSeconds(30)).build();
    }

    /** Weeks of history, an 80-day-old account, three views in the minutes before an ordinary order. */
    private static List<Object> regularShopperOrder(String user, Instant at) {
        String device = "d-" + user;
        return List.of(
                clickBuilder(user, ClickType.VIEW, at.minus(Duration.ofDays(20))).setProductId("a").setPriceMinor(4_000L)
                        .setDeviceId(device).build(),
                clickBuilder(user, ClickType.VIEW, at.minusSeconds(180)).setProductId("b").setPriceMinor(4_000L).setDeviceId(device).build(),
                clickBuilder(user, ClickType.VIEW, at.minusSeconds(120)).setProductId("c").setPriceMinor(4_000L).setDeviceId(device).build(),
                clickBuilder(user, ClickType.VIEW, at.minusSeconds(60)).setProductId("d").setPriceMinor(4_000L).setDeviceId(device).build(),
                purchaseBuilder(user, 45, at).setCurrency("EUR").setDeviceId(device).setIp("10.2.2.2")
                        .setAccountCreatedTime(at.minus(Duration.ofDays(80))).build());
    }
}
