package io.segmenter.trainer;

import static io.segmenter.trainer.TestEvents.at;
import static io.segmenter.trainer.TestEvents.cart;
import static io.segmenter.trainer.TestEvents.days;
import static io.segmenter.trainer.TestEvents.hours;
import static io.segmenter.trainer.TestEvents.purchase;
import static io.segmenter.trainer.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmenter.features.FeatureVector;
import io.segmenter.features.OfflineFeatureReplay;
import io.segmenter.features.ReplayEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotBuilderTest {

    private static final Instant CUT = at(days(3));

    /** Alice buys before the cut and twice after it; Bob only browses before; Carol appears after the cut. */
    private static final List<ReplayEvent> EVENTS = List.of(
            view("alice", at(hours(1))),
            purchase("alice", 10, at(hours(2))),
            view("bob", at(hours(5))),
            cart("bob", at(days(2))),
            purchase("alice", 25, CUT),                         // exactly at the cut: future
            view("bob", CUT.plusSeconds(60)),
            view("carol", CUT.plusSeconds(120)),
            purchase("alice", 40, CUT.plus(days(1))),
            purchase("alice", 1_000, CUT.plus(days(8))));       // after the outcome period

    private final SnapshotBuilder builder = SnapshotBuilder.builder().horizon(days(7)).build();

    @Test
    void vectorsSeeOnlyEventsBeforeTheCut() {
        Snapshot s = builder.build(EVENTS, CUT);

        FeatureVector alice = s.vectors().get("alice");
        assertThat(alice.asOf()).isEqualTo(CUT);
        assertThat(alice.get("purchases_30d")).isEqualTo(1);
        assertThat(alice.get("spend_30d")).isEqualTo(10);
        assertThat(alice.get("lifetime_spend")).isEqualTo(10);
        assertThat(alice.get("views_30d")).isEqualTo(1);
        FeatureVector bob = s.vectors().get("bob");
        assertThat(bob.get("views_30d")).isEqualTo(1);
        assertThat(bob.get("carts_30d")).isEqualTo(1);
        assertThat(s.vectors()).doesNotContainKey("carol");
        assertThat(s.eventsBefore()).isEqualTo(4);
    }

    @Test
    void vectorsEqualAReplayOfOnlyThePastEvents() {
        OfflineFeatureReplay past = OfflineFeatureReplay.builder().build();
        past.replay(EVENTS.subList(0, 4));

        assertThat(builder.build(EVENTS, CUT).vectors()).isEqualTo(past.snapshot(CUT));
    }

    @Test
    void outcomesCountTheHorizonAfterTheCutAndNothingLater() {
        Snapshot s = builder.build(EVENTS, CUT);

        assertThat(s.outcome("alice")).isEqualTo(new FutureOutcome(2, 65, 2));
        assertThat(s.outcome("alice").purchased()).isTrue();
        assertThat(s.outcome("bob")).isEqualTo(new FutureOutcome(0, 0, 1));
        assertThat(s.outcomes()).doesNotContainKey("carol");
        assertThat(s.newUsers()).isEqualTo(1);
        assertThat(s.eventsInHorizon()).isEqualTo(4);
        assertThat(s.horizonEnd()).isEqualTo(CUT.plus(days(7)));
    }

    @Test
    void severalCutsInOnePassMatchSingleCuts() {
        Instant early = at(days(1));
        List<Snapshot> both = builder.build(EVENTS, List.of(early, CUT));

        assertThat(both).containsExactly(builder.build(EVENTS, early), builder.build(EVENTS, CUT));
        assertThat(both.get(0).vectors()).containsOnlyKeys("alice", "bob");
        assertThat(both.get(0).outcome("alice")).isEqualTo(new FutureOutcome(2, 65, 2));
        assertThat(both.get(0).outcome("bob")).isEqualTo(new FutureOutcome(0, 0, 2));
        assertThat(both.get(0).newUsers()).isEqualTo(1);
    }

    @Test
    void aCutAfterTheLastEventSeesEverythingAndAnEmptyFuture() {
        Snapshot s = builder.build(EVENTS, at(days(30)));

        assertThat(s.vectors()).containsOnlyKeys("alice", "bob", "carol");
        assertThat(s.outcomes().values()).allMatch(o -> o.equals(FutureOutcome.NONE));
    }

    @Test
    void rejectsEventsOutOfTimeOrder() {
        List<ReplayEvent> shuffled = List.of(EVENTS.get(1), EVENTS.get(0));
        assertThatThrownBy(() -> builder.build(shuffled, CUT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event-time order");
    }

    @Test
    void cutLeavingPutsTheHorizonBeforeTheLastEvent() {
        assertThat(SnapshotBuilder.cutLeaving(EVENTS, days(2))).isEqualTo(CUT.plus(days(6)));
    }
}
