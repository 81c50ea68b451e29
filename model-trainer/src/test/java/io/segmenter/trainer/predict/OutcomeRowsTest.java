package io.segmenter.trainer.predict;

import static io.segmenter.trainer.predict.PredictEvents.BASE;
import static io.segmenter.trainer.predict.PredictEvents.at;
import static io.segmenter.trainer.predict.PredictEvents.purchase;
import static io.segmenter.trainer.predict.PredictEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.ReplayEvent;
import io.segmenter.trainer.predict.OutcomeRow.CutKind;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutcomeRowsTest {

    private static final PredictionTargets DAY_AND_THREE = new PredictionTargets(Duration.ofDays(1), Duration.ofDays(3));
    private static final int PURCHASES_24H = FeatureDefinition.SEGMENT.indexOf("purchases_24h");

    private static OutcomeRows build(List<ReplayEvent> events) {
        List<ReplayEvent> sorted = new ArrayList<>(events);
        sorted.sort(ReplayEvent.BY_EVENT_TIME);
        return OutcomeRows.build("test", sorted, DAY_AND_THREE, ZoneOffset.UTC, Optional.empty(), 1);
    }

    private static List<OutcomeRow> rows(OutcomeRows r, String user, CutKind kind) {
        return r.rows().stream().filter(row -> row.userId().equals(user) && row.kind() == kind).toList();
    }

    @Test
    void anEventCutFoldsEveryEventAtItsInstantAndCountsOnlyLaterOrders() {
        OutcomeRows r = build(List.of(
                view("a", at(Duration.ofHours(10))), purchase("a", at(Duration.ofHours(10))),
                purchase("a", at(Duration.ofHours(26))), view("a", at(Duration.ofHours(77))),
                view("z", at(Duration.ofDays(9)))));

        OutcomeRow first = rows(r, "a", CutKind.EVENT).get(0);
        assertThat(first.cut()).isEqualTo(at(Duration.ofHours(10)));
        assertThat(first.features()[PURCHASES_24H]).isEqualTo(1.0); // the order at the cut is history
        assertThat(first.purchases()).isEqualTo(1); // (10 h, 34 h] holds the order at 26 h only
        assertThat(first.eventsInChurn()).isEqualTo(2); // (10 h, 82 h]: 26 h and 77 h
        assertThat(first.churned()).isFalse();
    }

    @Test
    void aDailyCutTreatsEventsAtMidnightAsFuture() {
        OutcomeRows r = build(List.of(
                view("a", at(Duration.ofHours(10))), purchase("a", at(Duration.ofDays(1))),
                view("z", at(Duration.ofDays(9)))));

        OutcomeRow midnight = rows(r, "a", CutKind.DAILY).stream()
                .filter(row -> row.cut().equals(at(Duration.ofDays(1)))).findFirst().orElseThrow();
        assertThat(midnight.features()[PURCHASES_24H]).isZero();
        assertThat(midnight.purchases()).isEqualTo(1); // [24 h, 48 h) holds the order at 24 h
    }

    @Test
    void takesAtMostOneEventCutPerUserAndDay() {
        OutcomeRows r = build(List.of(
                view("c", at(Duration.ofHours(1))), view("c", at(Duration.ofHours(5))), view("c", at(Duration.ofHours(9))),
                view("c", at(Duration.ofHours(30))), view("z", at(Duration.ofDays(9)))));

        List<Instant> cuts = rows(r, "c", CutKind.EVENT).stream().map(OutcomeRow::cut).toList();
        assertThat(cuts).hasSize(2);
        assertThat(cuts.get(0)).isIn(at(Duration.ofHours(1)), at(Duration.ofHours(5)), at(Duration.ofHours(9)));
        assertThat(cuts.get(1)).isEqualTo(at(Duration.ofHours(30)));
    }

    @Test
    void theSameSeedChoosesTheSameCutsAndAnotherSeedMayNot() {
        List<ReplayEvent> events = new ArrayList<>();
        for (int u = 0; u < 40; u++) {
            for (int h = 0; h < 6; h++) {
                events.add(view("u" + u, at(Duration.ofHours(h * 3L + u % 3))));
            }
        }
        events.add(view("z", at(Duration.ofDays(9))));
        events.sort(ReplayEvent.BY_EVENT_TIME);
        List<Instant> one = OutcomeRows.build("t", events, DAY_AND_THREE, ZoneOffset.UTC, Optional.empty(), 1).rows()
                .stream().filter(row -> row.kind() == CutKind.EVENT).map(OutcomeRow::cut).toList();
        List<Instant> again = OutcomeRows.build("t", events, DAY_AND_THREE, ZoneOffset.UTC, Optional.empty(), 1).rows()
                .stream().filter(row -> row.kind() == CutKind.EVENT).map(OutcomeRow::cut).toList();
        List<Instant> other = OutcomeRows.build("t", events, DAY_AND_THREE, ZoneOffset.UTC, Optional.empty(), 2).rows()
                .stream().filter(row -> row.kind() == CutKind.EVENT).map(OutcomeRow::cut).toList();
        assertThat(again).isEqualTo(one);
        assertThat(other).isNotEqualTo(one);
    }

    @Test
    void dailyCutsHoldOnlyTheUsersTheStreamStillHolds() {
        List<ReplayEvent> events = new ArrayList<>(List.of(view("idle", BASE)));
        for (int d = 0; d <= 40; d++) {
            events.add(view("z", at(Duration.ofDays(d).plusHours(12))));
        }
        OutcomeRows r = build(events);

        assertThat(rows(r, "idle", CutKind.DAILY)).extracting(OutcomeRow::cut)
                .allMatch(cut -> !cut.isAfter(BASE.plus(Duration.ofDays(30))))
                .contains(at(Duration.ofDays(30)));
        assertThat(rows(r, "z", CutKind.DAILY)).hasSize(40);
    }

    @Test
    void periodsRunningPastTheDataAreNotObserved() {
        OutcomeRows r = build(List.of(view("a", BASE), view("z", at(Duration.ofDays(5)))));

        assertThat(r.observedUntil()).isEqualTo(at(Duration.ofDays(5)).plus(Duration.ofMinutes(14).plusSeconds(24)));
        OutcomeRow late = rows(r, "a", CutKind.DAILY).stream().filter(row -> row.cut().equals(at(Duration.ofDays(5))))
                .findFirst().orElseThrow();
        assertThat(late.purchaseObservedBy(r.observedUntil())).isFalse();
        OutcomeRow early = rows(r, "a", CutKind.DAILY).get(0);
        assertThat(early.purchaseObservedBy(r.observedUntil())).isTrue();
        assertThat(early.churnObservedBy(r.observedUntil())).isTrue();
    }

    @Test
    void rejectsEventsOutOfOrder() {
        assertThatThrownBy(() -> OutcomeRows.build("test", List.of(view("a", at(Duration.ofHours(2))), view("a", BASE)),
                DAY_AND_THREE, ZoneOffset.UTC, Optional.empty(), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event-time order");
    }

    @Test
    void countsOrdersAfterACutOnEachSideOfItsInstant() {
        UserTimeline t = new UserTimeline(new long[] {0, 10, 20}, new long[] {10, 20});
        Instant ten = Instant.ofEpochMilli(10);
        Instant twenty = Instant.ofEpochMilli(20);
        assertThat(t.purchasesIn(ten, twenty, true)).isEqualTo(1); // (10, 20]
        assertThat(t.purchasesIn(ten, twenty, false)).isEqualTo(1); // [10, 20)
        assertThat(t.purchasesIn(ten, Instant.ofEpochMilli(21), false)).isEqualTo(2);
        assertThat(t.purchasesBefore(ten, true)).containsExactly(ten);
        assertThat(t.purchasesBefore(ten, false)).isEmpty();
    }
}
