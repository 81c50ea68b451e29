package io.segmenter.stream.topology;

import static io.segmenter.stream.topology.Events.BASE;
import static io.segmenter.stream.topology.Events.purchase;
import static io.segmenter.stream.topology.Events.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event-time lateness: an event more than the configured grace behind the newest accepted event
 * of its input partition is dead-lettered as {@code late-event}, counted, and changes no state;
 * one within grace is folded in.
 */
class LatenessTopologyTest {

    /** Not the default (PT10M), so the tests show the setting is read. */
    private static final Duration GRACE = Duration.ofMinutes(15);
    private static final Instant NOW = BASE.plus(Duration.ofDays(1));
    /** The sentinel's time: the newest event, which sets stream time. */
    private static final Instant STREAM_TIME = BASE.plus(Duration.ofHours(2));
    private static final Instant OLDEST_ON_TIME = STREAM_TIME.minus(GRACE);
    private static final Instant FIRST_LATE = OLDEST_ON_TIME.minusMillis(1);

    @TempDir
    Path stateDir;

    private final CountingTopologyMetrics metrics = new CountingTopologyMetrics();
    private TopologyHarness topology;

    @BeforeEach
    void startTopology() {
        topology = TopologyHarness.builder(stateDir, NOW).config("grace", GRACE.toString()).metrics(metrics).start();
    }

    @AfterEach
    void closeTopology() {
        topology.close();
    }

    @Test
    void clickExactlyGraceBehindStreamTimeIsFoldedIn() {
        topology.send(view("u1", STREAM_TIME));

        topology.send(view("u1", OLDEST_ON_TIME));

        assertThat(topology.deadLetters()).isEmpty();
        assertThat(topology.segmentVector("u1", STREAM_TIME).get("views_24h")).isEqualTo(2.0);
    }

    @Test
    void clickOneMillisecondOlderThanGraceIsDeadLetteredAsLate() {
        topology.send(view("u1", STREAM_TIME));
        ClickEvent late = view("u1", FIRST_LATE);

        topology.send(late);

        assertThat(topology.deadLetters()).containsExactly(new DeadLetter("u1", late, DeadLetter.headers("late-event",
                "event time 2024-03-04T01:44:59.999Z is more than the grace period PT15M behind the newest event of its"
                        + " partition, 2024-03-04T02:00:00Z", topology.clicksTopic(), 1, "validate-clicks"), NOW));
        assertThat(metrics.deadLettered()).isEqualTo(Map.of("late-event", 1));
        assertThat(metrics.processed()).isEqualTo(Map.of("view", 1));
    }

    @Test
    void lateClickLeavesTheUserStateUnchanged() {
        topology.send(view("u1", STREAM_TIME));
        byte[] before = topology.userStateBytes("u1").orElseThrow();

        topology.send(view("u1", FIRST_LATE));

        assertThat(topology.userStateBytes("u1")).hasValue(before);
    }

    @Test
    void lateClickOfAnUnknownUserCreatesNoState() {
        topology.send(view("sentinel", STREAM_TIME));

        topology.send(view("u1", FIRST_LATE));

        assertThat(topology.storeContents(SegmentationTopology.USER_FEATURES_STORE)).containsOnlyKeys("sentinel");
        assertThat(metrics.usersCreated()).isEqualTo(1);
    }

    @Test
    void streamTimeIsTheNewestAcceptedEventNotTheNewestRejectedOne() {
        topology.send(view("u1", BASE));
        // rejected (unknown user id) although far newer: it must not make the next event late
        topology.send(view("", STREAM_TIME));

        topology.send(view("u1", BASE.plusSeconds(1)));

        assertThat(topology.deadLetters()).extracting(d -> d.headers().get(DeadLetters.REASON))
                .containsExactly("missing-user-id");
        assertThat(topology.segmentVector("u1", BASE.plusSeconds(1)).get("events_1m")).isEqualTo(2.0);
    }

    @Test
    void latePurchaseIsDeadLetteredAndReachesNoStore() {
        topology.send(purchase("sentinel", 5, STREAM_TIME, "d0", "10.0.0.9"));
        PurchaseEvent late = purchase("u1", 10, FIRST_LATE, "d1", "10.0.0.1");

        topology.send(late);

        assertThat(topology.deadLetters()).containsExactly(new DeadLetter("u1", late, DeadLetter.headers("late-event",
                "event time 2024-03-04T01:44:59.999Z is more than the grace period PT15M behind the newest event of its"
                        + " partition, 2024-03-04T02:00:00Z", topology.purchasesTopic(), 1, "validate-purchases"), NOW));
        assertThat(topology.storeContents(SegmentationTopology.USER_FEATURES_STORE)).containsOnlyKeys("sentinel");
        assertThat(topology.storeContents(SegmentationTopology.DEVICE_ACTIVITY_STORE)).containsOnlyKeys("d0");
        assertThat(topology.storeContents(SegmentationTopology.IP_ACTIVITY_STORE)).containsOnlyKeys("10.0.0.9");
        assertThat(topology.storeContents(SegmentationTopology.PURCHASE_CONTEXT_STORE)).isEmpty();
    }

    @Test
    void latenessIsJudgedPerInputTopic() {
        // Clicks far ahead do not make purchases late: each input partition has its own time.
        topology.send(view("u1", STREAM_TIME));

        topology.send(purchase("u1", 10, FIRST_LATE));

        assertThat(topology.deadLetters()).isEmpty();
        assertThat(topology.segmentVector("u1", STREAM_TIME).get("lifetime_purchases")).isEqualTo(1.0);
    }

    @Test
    void outOfOrderClickWithinGraceLandsInItsOwnTile() {
        Instant previousMinute = STREAM_TIME.minus(Duration.ofMinutes(1));
        topology.send(view("u1", STREAM_TIME));

        topology.send(view("u1", previousMinute));

        // as of STREAM_TIME the one-minute window holds only STREAM_TIME's tile; ten minutes hold both
        assertThat(topology.segmentVector("u1", STREAM_TIME).toMap())
                .containsEntry("events_1m", 1.0)
                .containsEntry("events_10m", 2.0);
    }
}
