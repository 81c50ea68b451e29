package io.segmenter.stream.topology;

import static io.segmenter.stream.topology.Events.BASE;
import static io.segmenter.stream.topology.Events.purchase;
import static io.segmenter.stream.topology.Events.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redelivered input events (same event id from the same user) are folded in once: the copy is
 * dead-lettered as {@code duplicate-event} with its source coordinates and counted as a dropped
 * duplicate, and every store ends as in a run without the copies. The ids are remembered for the
 * grace period plus a margin and then forgotten.
 */
class DeduplicationTopologyTest {

    private static final Instant NOW = BASE.plus(Duration.ofDays(60));
    private static final Instant T0 = BASE.plus(Duration.ofDays(1)).plus(Duration.ofHours(10));
    /** The default grace period. */
    private static final Duration GRACE = Duration.ofMinutes(10);

    @TempDir
    Path stateDir;

    @Test
    void aRedeliveredClickAndPurchaseAreFoldedInOnceAndDeadLettered() {
        ClickEvent click = view("u1", T0);
        PurchaseEvent order = purchase("u1", 40, T0.plusSeconds(30), "d1", "10.0.0.1");
        ClickEvent later = view("u1", T0.plusSeconds(60));
        PurchaseEvent other = purchase("u2", 15, T0.plusSeconds(90), "d1", "10.0.0.1");

        CountingTopologyMetrics withMetrics = new CountingTopologyMetrics();
        CountingTopologyMetrics withoutMetrics = new CountingTopologyMetrics();
        try (TopologyHarness with = TopologyHarness.builder(stateDir.resolve("with"), NOW).metrics(withMetrics)
                .tapPurchaseFeatures().start();
             TopologyHarness without = TopologyHarness.builder(stateDir.resolve("without"), NOW).metrics(withoutMetrics)
                     .tapPurchaseFeatures().start()) {
            with.sendAll(List.of(click, order, click, later, order, other));
            without.sendAll(List.of(click, order, later, other));

            List<DeadLetter> deadLetters = with.deadLetters();
            assertThat(deadLetters).hasSize(2);
            assertThat(deadLetters.get(0).value()).isEqualTo(click);
            assertThat(deadLetters.get(0).headers()).containsEntry(DeadLetters.REASON, "duplicate-event")
                    .containsEntry(DeadLetters.SOURCE_TOPIC, with.clicksTopic())
                    .containsEntry(DeadLetters.SOURCE_OFFSET, "1")
                    .containsEntry(DeadLetters.PROCESSOR, "validate-clicks");
            assertThat(deadLetters.get(1).value()).isEqualTo(order);
            assertThat(deadLetters.get(1).headers()).containsEntry(DeadLetters.REASON, "duplicate-event")
                    .containsEntry(DeadLetters.SOURCE_TOPIC, with.purchasesTopic())
                    .containsEntry(DeadLetters.SOURCE_OFFSET, "1")
                    .containsEntry(DeadLetters.PROCESSOR, "validate-purchases");
            assertThat(without.deadLetters()).isEmpty();

            assertThat(withMetrics.duplicatesDropped()).isEqualTo(2);
            assertThat(withMetrics.deadLettered()).isEqualTo(Map.of("duplicate-event", 2));
            assertThat(withMetrics.processed()).isEqualTo(withoutMetrics.processed()).isEqualTo(Map.of("view", 2, "purchase", 2));

            // user state, device and IP counts (the duplicate purchase never took the network path),
            // waiting halves and completed purchases: as if the copies had never been sent
            for (String user : List.of("u1", "u2")) {
                assertThat(with.userStateBytes(user).orElseThrow()).isEqualTo(without.userStateBytes(user).orElseThrow());
            }
            assertThat(with.networkStateBytes(SegmentationTopology.DEVICE_ACTIVITY_STORE, "d1").orElseThrow())
                    .isEqualTo(without.networkStateBytes(SegmentationTopology.DEVICE_ACTIVITY_STORE, "d1").orElseThrow());
            assertThat(with.networkStateBytes(SegmentationTopology.IP_ACTIVITY_STORE, "10.0.0.1").orElseThrow())
                    .isEqualTo(without.networkStateBytes(SegmentationTopology.IP_ACTIVITY_STORE, "10.0.0.1").orElseThrow());
            assertThat(with.pendingPurchases()).isEmpty();
            assertThat(with.tappedPurchaseFeatures()).isEqualTo(without.tappedPurchaseFeatures()).hasSize(2);
            assertThat(RecentEventIds.size(with.storeContents(SegmentationTopology.USER_EVENT_IDS_STORE).get("u1"))).isEqualTo(3);
        }
    }

    @Test
    void theSameEventIdFromAnotherUserOrTheOtherInputIsNoDuplicate() {
        CountingTopologyMetrics metrics = new CountingTopologyMetrics();
        try (TopologyHarness topology = TopologyHarness.builder(stateDir, NOW).metrics(metrics).start()) {
            ClickEvent click = view("u1", T0);
            topology.send(click);
            topology.send(ClickEvent.newBuilder(click).setUserId("u2").build());
            topology.send(Events.purchaseBuilder("u1", 10, T0.plusSeconds(1)).setEventId(click.getEventId()).build());

            assertThat(topology.deadLetters()).isEmpty();
            assertThat(metrics.duplicatesDropped()).isZero();
            assertThat(metrics.processed()).isEqualTo(Map.of("view", 2, "purchase", 1));
        }
    }

    @Test
    void anIdPastItsWindowButNotYetPrunedMakesNoDuplicate() {
        CountingTopologyMetrics metrics = new CountingTopologyMetrics();
        try (TopologyHarness topology = TopologyHarness.builder(stateDir, NOW).metrics(metrics).start()) {
            ClickEvent click = view("u1", T0);
            topology.send(click);
            topology.send(view("u2", T0.plus(Duration.ofHours(2))));

            // a new event reusing the id, hours later: u1's entry still holds the old id, which no longer counts
            topology.send(Events.clickBuilder("u1", ClickType.VIEW, T0.plus(Duration.ofHours(2))).setEventId(click.getEventId()).build());

            assertThat(topology.deadLetters()).isEmpty();
            assertThat(metrics.duplicatesDropped()).isZero();
            assertThat(metrics.processed()).isEqualTo(Map.of("view", 3));
        }
    }

    @Test
    void anIdIsRememberedForTheGracePeriodAndForgottenOnceItsEventCouldOnlyBeLate() {
        CountingTopologyMetrics metrics = new CountingTopologyMetrics();
        try (TopologyHarness topology = TopologyHarness.builder(stateDir, NOW).metrics(metrics).start()) {
            ClickEvent click = view("u1", T0);
            topology.send(click);

            // the partition's time at the edge of the grace period: the copy is still a duplicate
            topology.send(view("u2", T0.plus(GRACE)));
            topology.send(click);
            assertThat(topology.deadLetters()).extracting(d -> d.headers().get(DeadLetters.REASON))
                    .containsExactly("duplicate-event");

            // past grace plus margin: a copy is late; the id stays in u1's entry until u1's next event prunes it
            topology.send(view("u2", T0.plus(Duration.ofHours(2))));
            topology.send(click);
            assertThat(topology.deadLetters()).extracting(d -> d.headers().get(DeadLetters.REASON))
                    .containsExactly("late-event");
            long id = RecentEventIds.idOf(RecentEventIds.Input.CLICKS, click.getEventId());
            assertThat(RecentEventIds.contains(topology.storeContents(SegmentationTopology.USER_EVENT_IDS_STORE).get("u1"), id)).isTrue();
            topology.send(view("u1", T0.plus(Duration.ofHours(2))));
            byte[] pruned = topology.storeContents(SegmentationTopology.USER_EVENT_IDS_STORE).get("u1");
            assertThat(RecentEventIds.contains(pruned, id)).isFalse();
            assertThat(RecentEventIds.size(pruned)).isEqualTo(1);
            assertThat(topology.deadLetters()).isEmpty();
            assertThat(metrics.duplicatesDropped()).isEqualTo(1);
            assertThat(metrics.processed()).isEqualTo(Map.of("view", 4));
        }
    }
}
