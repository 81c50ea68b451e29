package io.segmenter.stream.topology;

import static io.segmenter.stream.topology.Events.BASE;
import static io.segmenter.stream.topology.Events.purchaseBuilder;
import static io.segmenter.stream.topology.Events.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.model.ModelBundle;
import io.segmenter.schemas.avro.FraudAnomaly;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.avro.SegmentChange;
import io.segmenter.stream.scoring.CurrentSegment;
import io.segmenter.stream.scoring.LiveModels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The models the topology scores with change while it runs: none at first, a new version, a
 * version with another catalogue, a shadow candidate. Every change takes effect at the next batch.
 */
class ModelLifecycleTopologyTest {

    private static final Instant NOW = BASE.plus(Duration.ofDays(60));
    private static final Instant T0 = BASE.plus(Duration.ofDays(3)).plus(Duration.ofHours(9));
    private static final Duration INTERVAL = Duration.ofSeconds(1);

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

    private void start(LiveModels models, String... settings) {
        TopologyHarness.Builder builder = TopologyHarness.builder(stateDir, NOW).metrics(metrics).models(models);
        for (int i = 0; i < settings.length; i += 2) {
            builder.config(settings[i], settings[i + 1]);
        }
        topology = builder.start();
    }

    @Test
    void withoutAModelEverythingWaitsAndIsScoredWhenOneIsInstalled() {
        LiveModels models = LiveModels.none();
        start(models, "scoring.max.batch", "2");
        PurchaseEvent purchase = freshAccountPurchase("buyer", T0);
        topology.send(view("u1", T0), view("u2", T0.plusSeconds(1)), view("u3", T0.plusSeconds(2)));
        topology.send(purchase);
        for (int i = 0; i < 5; i++) {
            score();
        }

        assertThat(topology.segmentChanges()).isEmpty();
        assertThat(topology.fraudAnomalies()).isEmpty();
        assertThat(metrics.usersScored()).isZero();
        assertThat(topology.storeContents(SegmentationTopology.USER_SCORING_PENDING_STORE)).containsOnlyKeys("u1", "u2", "u3", "buyer");
        assertThat(topology.storeContents(SegmentationTopology.PURCHASE_SCORING_PENDING_STORE)).containsOnlyKeys(purchase.getOrderId());

        models.installLive(demo);
        score();

        assertThat(topology.segmentChanges()).extracting(TestRecord::key).containsExactlyInAnyOrder("u1", "u2", "u3", "buyer");
        assertThat(topology.fraudAnomalies()).extracting(r -> r.value().getOrderId()).containsExactly(purchase.getOrderId());
        // the backlog drains in batches of scoring.max.batch
        assertThat(metrics.batchSizes(ScoringProcessor.USERS)).containsExactly(2, 2);
        assertThat(topology.storeContents(SegmentationTopology.USER_SCORING_PENDING_STORE)).isEmpty();
        assertThat(topology.storeContents(SegmentationTopology.PURCHASE_SCORING_PENDING_STORE)).isEmpty();
    }

    @Test
    void outputsAfterASwapCarryTheNewVersion() {
        LiveModels models = LiveModels.of(demo);
        start(models);
        topology.send(view("u1", T0));
        score();
        assertThat(topology.segmentChanges()).extracting(r -> r.value().getModelVersion()).containsExactly(demo.modelVersion());

        ModelBundle next = TestModels.untrained("test-next-version");
        models.installLive(next);
        topology.send(view("u2", T0.plusSeconds(5)), view("u1", T0.plusSeconds(6)));
        topology.send(freshAccountPurchase("buyer", T0.plusSeconds(7)));
        score();

        List<TestRecord<String, SegmentChange>> changes = topology.segmentChanges();
        assertThat(changes).extracting(TestRecord::key).contains("u2", "buyer");
        assertThat(changes).allSatisfy(r -> assertThat(r.value().getModelVersion()).isEqualTo("test-next-version"));
        assertThat(topology.currentSegment("u1").map(CurrentSegment::modelVersion)).contains("test-next-version");
        assertThat(topology.fraudAnomalies()).allSatisfy(r -> assertThat(r.value().getModelVersion()).isEqualTo("test-next-version"));
    }

    @Test
    void aModelWithAnotherCatalogueReassignsAtOnceNamingTheOldSegment() {
        LiveModels models = LiveModels.of(demo);
        start(models);
        topology.send(view("u1", T0));
        score();
        SegmentChange first = topology.segmentChanges().get(0).value();

        ModelBundle other = TestModels.otherCatalogue();
        models.installLive(other);
        topology.send(view("u1", T0.plusSeconds(30)));
        score();

        List<TestRecord<String, SegmentChange>> changes = topology.segmentChanges();
        assertThat(changes).hasSize(1);
        SegmentChange reassigned = changes.get(0).value();
        assertThat(reassigned.getPreviousSegmentId()).isEqualTo(first.getSegmentId());
        assertThat(reassigned.getPreviousSegmentName()).isEqualTo(first.getSegmentName());
        assertThat(reassigned.getSegmentId()).isIn("bargain-hunters", "big-baskets");
        assertThat(reassigned.getProbabilities()).containsOnlyKeys("bargain-hunters", "big-baskets");
        assertThat(reassigned.getModelVersion()).isEqualTo("test-other-catalogue");
        assertThat(reassigned.getTriggeringEventTime()).isEqualTo(T0.plusSeconds(30));
        assertThat(topology.currentSegment("u1")).contains(new CurrentSegment(reassigned.getSegmentId(), reassigned.getSegmentName(),
                reassigned.getConfidence(), T0.plusSeconds(30), "test-other-catalogue"));
    }

    @Test
    void aShadowModelAddsNoOutputAndAgreesWithItselfOnEveryRow() {
        LiveModels models = LiveModels.of(demo);
        // the same bundle in shadow: its own scorer must reach the same decisions
        models.installShadow(demo);
        start(models);
        topology.send(view("u1", T0), view("u2", T0.plusSeconds(1)));
        topology.send(freshAccountPurchase("buyer", T0.plusSeconds(2)));
        score();

        assertThat(topology.segmentChanges()).extracting(TestRecord::key).containsExactlyInAnyOrder("u1", "u2", "buyer");
        assertThat(topology.fraudAnomalies()).extracting(TestRecord::key).containsExactly("buyer");
        assertThat(metrics.shadowComparisons()).isEqualTo(Map.of("segment/agree", 3, "anomaly/agree", 1));
    }

    @Test
    void aShadowWithAnotherCatalogueDisagreesOnSegmentsAndChangesNothingEmitted() {
        LiveModels models = LiveModels.of(demo);
        start(models);
        topology.send(view("u1", T0), view("u2", T0.plusSeconds(1)));
        score();
        List<TestRecord<String, SegmentChange>> withoutShadow = topology.segmentChanges();

        models.installShadow(TestModels.otherCatalogue());
        topology.send(view("u3", T0.plusSeconds(2)));
        topology.send(freshAccountPurchase("buyer", T0.plusSeconds(3)));
        score();

        List<TestRecord<String, SegmentChange>> withShadow = topology.segmentChanges();
        assertThat(withoutShadow).hasSize(2);
        assertThat(withShadow).extracting(TestRecord::key).containsExactlyInAnyOrder("u3", "buyer");
        assertThat(withShadow).allSatisfy(r -> assertThat(r.value().getModelVersion()).isEqualTo(demo.modelVersion()));
        List<TestRecord<String, FraudAnomaly>> anomalies = topology.fraudAnomalies();
        assertThat(anomalies).extracting(r -> r.value().getModelVersion()).containsOnly(demo.modelVersion());
        assertThat(metrics.shadowComparisons()).containsEntry("segment/disagree", 2).doesNotContainKey("segment/agree");
        assertThat(metrics.shadowComparisons().getOrDefault("anomaly/agree", 0)
                + metrics.shadowComparisons().getOrDefault("anomaly/disagree", 0)).isEqualTo(1);
    }

    // ---- helpers

    private void score() {
        topology.advanceWallClock(INTERVAL);
    }

    private static PurchaseEvent freshAccountPurchase(String user, Instant at) {
        return purchaseBuilder(user, 140, at).setCurrency("EUR").setDeviceId("d-" + user).setIp("10.9.9.9")
                .setAccountCreatedTime(at.minusSeconds(30)).build();
    }
}
