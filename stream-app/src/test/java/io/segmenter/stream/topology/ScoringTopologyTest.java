package io.segmenter.stream.topology;

import static io.segmenter.stream.topology.Events.BASE;
import static io.segmenter.stream.topology.Events.clickBuilder;
import static io.segmenter.stream.topology.Events.purchase;
import static io.segmenter.stream.topology.Events.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.FeatureVector;
import io.segmenter.model.ModelBundle;
import io.segmenter.model.Reason;
import io.segmenter.model.SegmentScore;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.SegmentChange;
import io.segmenter.stream.http.SegmentAttribute;
import io.segmenter.stream.http.UserSnapshot;
import io.segmenter.stream.scoring.CurrentSegment;
import io.segmenter.stream.scoring.LiveModels;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Segment scoring through the production topology with the demo bundle: users are scored in
 * batches on the wall-clock interval or at the batch limit, the first assignment and every later
 * change are emitted with hysteresis, and forgotten users get a tombstone.
 */
class ScoringTopologyTest {

    /** The driver's wall clock at the start: later than every event here. */
    private static final Instant NOW = BASE.plus(Duration.ofDays(60));
    private static final Instant T0 = BASE.plus(Duration.ofDays(1)).plus(Duration.ofHours(10));
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration DWELL = Duration.ofMinutes(30);
    private static final int REASONS = 3;
    private static final String DORMANT = "dormant";
    private static final String FREQUENT_HIGH_SPENDERS = "frequent-high-spenders";

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
        TopologyHarness.Builder builder = TopologyHarness.builder(stateDir, NOW).metrics(metrics).models(LiveModels.of(demo));
        for (int i = 0; i < settings.length; i += 2) {
            builder.config(settings[i], settings[i + 1]);
        }
        topology = builder.start();
    }

    // ---- batching

    @Test
    void scoresMarkedUsersTogetherOnlyWhenTheIntervalPasses() {
        start();
        topology.send(view("u1", T0), view("u2", T0.plusSeconds(1)), view("u3", T0.plusSeconds(2)), view("u1", T0.plusSeconds(3)));

        assertThat(topology.segmentChanges()).isEmpty();
        assertThat(metrics.batchSizes(ScoringProcessor.USERS)).isEmpty();
        assertThat(topology.storeContents(SegmentationTopology.USER_SCORING_PENDING_STORE)).containsOnlyKeys("u1", "u2", "u3");
        // the marks are changelogged: a crash before the punctuation loses none
        assertThat(topology.producedTopicNames()).contains(topology.changelogOf(SegmentationTopology.USER_SCORING_PENDING_STORE));

        score();

        assertThat(topology.segmentChanges()).extracting(TestRecord::key).containsExactly("u1", "u2", "u3");
        assertThat(metrics.batchSizes(ScoringProcessor.USERS)).containsExactly(3);
        assertThat(metrics.usersScored()).isEqualTo(3);
        assertThat(topology.storeContents(SegmentationTopology.USER_SCORING_PENDING_STORE)).isEmpty();

        topology.send(view("u2", T0.plusSeconds(10)));
        score();
        score();

        assertThat(metrics.batchSizes(ScoringProcessor.USERS)).containsExactly(3, 1);
    }

    @Test
    void timesTheModelCallOfEachBatchApartFromTheWholeBatch() {
        start();
        topology.send(view("u1", T0), view("u2", T0.plusSeconds(1)), view("u3", T0.plusSeconds(2)));
        score();
        topology.send(view("u2", T0.plusSeconds(10)));
        score();

        assertThat(metrics.modelCallSizes(ScoringProcessor.USERS)).containsExactly(3, 1);
        List<Duration> model = metrics.modelCallDurations(ScoringProcessor.USERS);
        List<Duration> batch = metrics.batchDurations(ScoringProcessor.USERS);
        assertThat(batch).hasSize(2);
        for (int i = 0; i < batch.size(); i++) {
            // the model call is timed inside the batch: never longer, and never nothing
            assertThat(model.get(i)).isPositive().isLessThanOrEqualTo(batch.get(i));
        }
        assertThat(metrics.modelCallSizes(ScoringProcessor.PURCHASES)).isEmpty();
    }

    @Test
    void scoresAtOnceWhenTheBatchLimitIsReached() {
        start("scoring.max.batch", "3");
        topology.send(view("u1", T0), view("u2", T0.plusSeconds(1)));
        assertThat(topology.segmentChanges()).isEmpty();

        topology.send(view("u3", T0.plusSeconds(2)));

        assertThat(topology.segmentChanges()).extracting(TestRecord::key).containsExactly("u1", "u2", "u3");
        assertThat(metrics.batchSizes(ScoringProcessor.USERS)).containsExactly(3);

        topology.send(view("u4", T0.plusSeconds(3)));
        assertThat(topology.segmentChanges()).isEmpty();
        score();
        assertThat(topology.segmentChanges()).extracting(TestRecord::key).containsExactly("u4");
        assertThat(metrics.batchSizes(ScoringProcessor.USERS)).containsExactly(3, 1);
    }

    // ---- what is emitted

    @Test
    void firstAssignmentCarriesTheModelsProbabilitiesForTheStoredFeaturesAndReasons() {
        start();
        topology.send(clickBuilder("u1", ClickType.VIEW, T0).setProductId("p1").setPriceMinor(2_000L).build(),
                clickBuilder("u1", ClickType.CART, T0.plusSeconds(40)).setProductId("p1").setPriceMinor(2_000L).build());

        score();

        // golden: the vector the store serves, through a fresh scorer of the same bundle
        FeatureVector vector = topology.segmentVector("u1", T0.plusSeconds(40));
        SegmentScore expected = demo.newScorer().scoreSegments(List.of(vector)).get(0);
        List<Reason> reasons = demo.explainer().segmentReasons(vector, expected.best(), REASONS);
        Instant emitted = NOW.plus(INTERVAL);
        SegmentChange change = SegmentChange.newBuilder()
                .setUserId("u1")
                .setPreviousSegmentId(null)
                .setPreviousSegmentName(null)
                .setSegmentId(demo.segment(expected.best()).id())
                .setSegmentName(demo.segment(expected.best()).name())
                .setConfidence(expected.bestProbability())
                .setProbabilities(probabilities(demo, expected))
                .setReasons(reasons.stream().map(r -> new io.segmenter.schemas.avro.Reason(r.feature(), r.value(), r.text())).toList())
                .setModelVersion(demo.modelVersion())
                .setTriggeringEventTime(T0.plusSeconds(40))
                .setEmittedTime(emitted)
                .build();
        assertThat(reasons).isNotEmpty();
        assertThat(reasons).allSatisfy(r -> assertThat(r.text()).contains(":"));
        assertThat(topology.segmentChanges()).containsExactly(new TestRecord<>("u1", change, emitted));
        assertThat(topology.currentSegment("u1")).contains(new CurrentSegment(demo.segment(expected.best()).id(),
                demo.segment(expected.best()).name(), expected.bestProbability(), T0.plusSeconds(40), demo.modelVersion()));
        assertThat(metrics.segmentChanges()).isEqualTo(Map.of("none->" + demo.segment(expected.best()).id(), 1));
        assertThat(metrics.outputLatencies(ScoringProcessor.SEGMENT_CHANGE_OUTPUT))
                .containsExactly(Duration.between(T0.plusSeconds(40), emitted));
    }

    @Test
    void segmentAttributeReadsTheCurrentSegmentFromTheStore() {
        start();
        topology.send(view("u1", T0));
        score();
        SegmentChange change = topology.segmentChanges().get(0).value();
        UserSnapshot user = new UserSnapshot("u1", topology.segmentVector("u1", T0));
        UserSnapshot unknown = new UserSnapshot("u2", topology.segmentVector("u1", T0));

        SegmentAttribute attribute = new SegmentAttribute();

        assertThat(attribute.read(user, topology.localStores())).contains(new SegmentAttribute.Segment(change.getSegmentId(),
                change.getSegmentName(), change.getConfidence(), T0.toString(), demo.modelVersion()));
        assertThat(attribute.read(unknown, topology.localStores())).isEmpty();
    }

    // ---- hysteresis

    @Test
    void staysInTheFirstSegmentInsideTheDwellAndMovesOnceAfterIt() {
        start();
        topology.send(view("u1", T0));
        score();
        assertThat(segmentIds(topology.segmentChanges())).containsExactly(DORMANT);

        // two large orders make frequent high spenders the clear favourite, but within the dwell
        topology.send(purchase("u1", 200, T0.plus(Duration.ofMinutes(5))), purchase("u1", 250, T0.plus(Duration.ofMinutes(6))));
        score();
        assertThat(lead(FREQUENT_HIGH_SPENDERS, DORMANT, "u1")).isGreaterThan(0.5);
        assertThat(topology.segmentChanges()).isEmpty();
        topology.send(view("u1", T0.plus(DWELL).minusSeconds(1)));
        score();
        assertThat(topology.segmentChanges()).isEmpty();
        assertThat(topology.currentSegment("u1").map(CurrentSegment::segmentId)).contains(DORMANT);

        topology.send(view("u1", T0.plus(DWELL)));
        score();
        List<TestRecord<String, SegmentChange>> changes = topology.segmentChanges();
        assertThat(changes).extracting(r -> r.value().getPreviousSegmentId() + "->" + r.value().getSegmentId())
                .containsExactly(DORMANT + "->" + FREQUENT_HIGH_SPENDERS);
        assertThat(changes.get(0).value().getTriggeringEventTime()).isEqualTo(T0.plus(DWELL));
        assertThat(changes.get(0).value().getReasons()).isNotEmpty();

        topology.send(view("u1", T0.plus(DWELL).plus(Duration.ofMinutes(2))));
        score();
        assertThat(topology.segmentChanges()).isEmpty();
        assertThat(metrics.segmentChanges()).isEqualTo(Map.of("none->" + DORMANT, 1, DORMANT + "->" + FREQUENT_HIGH_SPENDERS, 1));
    }

    @Test
    void alternatingBestSegmentsDoNotFlap() {
        start();
        topology.send(clickBuilder("u1", ClickType.VIEW, T0).setProductId("p0").setPriceMinor(2_000L).build());
        score();
        List<String> bestPerRound = new ArrayList<>();
        List<SegmentChange> changes = new ArrayList<>(values(topology.segmentChanges()));
        // every six minutes, in turn: two large orders, then a burst of forty views
        for (int round = 0; round < 12; round++) {
            Instant at = T0.plus(Duration.ofMinutes(6L * (round + 1)));
            if (round % 2 == 0) {
                topology.send(purchase("u1", 200, at), purchase("u1", 250, at.plusSeconds(5)));
            } else {
                for (int k = 0; k < 40; k++) {
                    topology.send(clickBuilder("u1", ClickType.VIEW, at.plusSeconds(k)).setProductId("q" + k).setPriceMinor(1_500L).build());
                }
            }
            score();
            changes.addAll(values(topology.segmentChanges()));
            bestPerRound.add(best("u1"));
        }

        // the premise: the model's favourite changes at almost every round, by far more than the margin
        assertThat(flips(bestPerRound)).isGreaterThanOrEqualTo(8);
        // yet over 72 minutes the user moves at most once per 30-minute dwell
        assertThat(changes.get(0).getPreviousSegmentId()).isNull();
        assertThat(changes).hasSizeBetween(2, 3);
        for (int i = 1; i < changes.size(); i++) {
            assertThat(changes.get(i).getPreviousSegmentId()).isEqualTo(changes.get(i - 1).getSegmentId());
            assertThat(Duration.between(changes.get(i - 1).getTriggeringEventTime(), changes.get(i).getTriggeringEventTime()))
                    .isGreaterThanOrEqualTo(DWELL);
        }
        assertThat(topology.currentSegment("u1").map(CurrentSegment::segmentId)).contains(changes.get(changes.size() - 1).getSegmentId());
    }

    @Test
    void aLeadBelowTheMarginNeverMovesTheUserWhateverTheDwell() {
        start("segment.switch.margin", "0.95", "segment.min.dwell", "PT0S");
        topology.send(view("u1", T0));
        score();
        topology.segmentChanges();

        topology.send(purchase("u1", 200, T0.plus(Duration.ofHours(1))), purchase("u1", 250, T0.plus(Duration.ofHours(2))));
        score();

        assertThat(best("u1")).isEqualTo(FREQUENT_HIGH_SPENDERS);
        assertThat(lead(FREQUENT_HIGH_SPENDERS, DORMANT, "u1")).isBetween(0.1, 0.95);
        assertThat(topology.segmentChanges()).isEmpty();
        assertThat(topology.currentSegment("u1").map(CurrentSegment::segmentId)).contains(DORMANT);
    }

    // ---- forgetting

    @Test
    void aForgottenUserGetsATombstoneAndLosesTheirSegment() {
        start();
        topology.send(view("u1", T0));
        score();
        topology.segmentChanges();

        // a day past the longest window plus grace: the daily eviction forgets u1
        topology.send(view("u2", T0.plus(Duration.ofDays(32))));

        List<TestRecord<String, SegmentChange>> tombstones = topology.segmentChanges();
        assertThat(tombstones).hasSize(1);
        assertThat(tombstones.get(0).key()).isEqualTo("u1");
        assertThat(tombstones.get(0).value()).isNull();
        assertThat(topology.currentSegment("u1")).isEmpty();
        assertThat(metrics.segmentChanges()).containsEntry(DORMANT + "->none", 1);
        score();
        assertThat(topology.segmentChanges()).extracting(TestRecord::key).containsExactly("u2");
    }

    @Test
    void aUserMarkedAndEvictedWithinOneIntervalIsScoredBeforeItsTombstone() {
        start();
        topology.send(view("u1", T0));
        assertThat(topology.segmentChanges()).isEmpty();
        SegmentScore expected = scoreOf("u1");

        // no scoring punctuation in between: stream time jumps past the eviction of u1, as in a fast replay
        topology.send(view("u2", T0.plus(Duration.ofDays(32))));

        List<TestRecord<String, SegmentChange>> forU1 = topology.segmentChanges().stream()
                .filter(r -> r.key().equals("u1")).toList();
        assertThat(forU1).hasSize(2);
        assertThat(forU1.get(0).value()).isNotNull();
        assertThat(forU1.get(0).value().getPreviousSegmentId()).isNull();
        assertThat(forU1.get(0).value().getSegmentId()).isEqualTo(demo.segment(expected.best()).id());
        assertThat(forU1.get(0).value().getTriggeringEventTime()).isEqualTo(T0);
        assertThat(forU1.get(1).value()).isNull();
        // the waiting users went to the model in one batch, not one call per forgotten user
        assertThat(metrics.batchSizes(ScoringProcessor.USERS)).hasSize(1);
        assertThat(metrics.usersScored()).isPositive();
        assertThat(topology.userState("u1")).isEmpty();
        assertThat(topology.currentSegment("u1")).isEmpty();
        assertThat(topology.storeContents(SegmentationTopology.USER_SCORING_PENDING_STORE)).doesNotContainKey("u1");
    }

    // ---- helpers

    /** Runs the scoring punctuation once. */
    private void score() {
        topology.advanceWallClock(INTERVAL);
    }

    /** The demo model's favourite for the user's stored features (as of the newest event). */
    private String best(String user) {
        return demo.segment(scoreOf(user).best()).id();
    }

    /** How far {@code leader}'s probability is above {@code other}'s for the user's stored features. */
    private double lead(String leader, String other, String user) {
        SegmentScore score = scoreOf(user);
        return score.probability(indexOf(leader)) - score.probability(indexOf(other));
    }

    private SegmentScore scoreOf(String user) {
        Instant newest = topology.userState(user).orElseThrow().lastEventTime().orElseThrow();
        return demo.newScorer().scoreSegments(List.of(topology.segmentVector(user, newest))).get(0);
    }

    private int indexOf(String segmentId) {
        for (int k = 0; k < demo.segmentCount(); k++) {
            if (demo.segment(k).id().equals(segmentId)) {
                return k;
            }
        }
        throw new AssertionError("no segment " + segmentId);
    }

    private static int flips(List<String> sequence) {
        int flips = 0;
        for (int i = 1; i < sequence.size(); i++) {
            if (!sequence.get(i).equals(sequence.get(i - 1))) {
                flips++;
            }
        }
        return flips;
    }

    private static Map<String, Double> probabilities(ModelBundle bundle, SegmentScore score) {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int k = 0; k < bundle.segmentCount(); k++) {
            map.put(bundle.segment(k).id(), score.probability(k));
        }
        return map;
    }

    private static List<String> segmentIds(List<TestRecord<String, SegmentChange>> records) {
        return records.stream().map(r -> r.value().getSegmentId()).toList();
    }

    private static List<SegmentChange> values(List<TestRecord<String, SegmentChange>> records) {
        return records.stream().map(TestRecord::value).toList();
    }
}
