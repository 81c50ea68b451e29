package io.segmenter.features;

import static io.segmenter.features.TestEvents.BASE;
import static io.segmenter.features.TestEvents.at;
import static io.segmenter.features.TestEvents.days;
import static io.segmenter.features.TestEvents.hours;
import static io.segmenter.features.TestEvents.minutes;
import static io.segmenter.features.TestEvents.segment;
import static io.segmenter.features.TestEvents.stateOf;
import static io.segmenter.features.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionFeaturesTest {

    private static final Instant AFTER_30_MIN_AND_1_MS = at(minutes(30)).plusMillis(1);

    @Test
    void aGapOfExactlyThirtyMinutesContinuesTheSession() {
        FeatureVector v = segment(stateOf(view("u", BASE), view("u", at(minutes(30)))), at(minutes(30)));
        assertThat(v.get("sessions_30d")).isEqualTo(1);
        assertThat(v.get("avg_session_minutes_30d")).isEqualTo(30.0);
    }

    @Test
    void aGapLongerThanThirtyMinutesStartsANewSession() {
        FeatureVector v = segment(stateOf(view("u", BASE), view("u", AFTER_30_MIN_AND_1_MS)), AFTER_30_MIN_AND_1_MS);
        assertThat(v.get("sessions_30d")).isEqualTo(2);
        assertThat(v.get("avg_session_minutes_30d")).isZero();
    }

    @Test
    void averagesSessionLengthsOverSessionsStartedInThirtyDays() {
        UserFeatureState s = stateOf(
                view("u", BASE), view("u", at(minutes(20))), view("u", at(minutes(40))), // 40 min
                view("u", at(hours(5))), view("u", at(hours(5).plusMinutes(10))), // 10 min
                view("u", at(days(1)))); // 0 min
        FeatureVector v = segment(s, at(days(1)));
        assertThat(v.get("sessions_30d")).isEqualTo(3);
        assertThat(v.get("avg_session_minutes_30d")).isCloseTo(50.0 / 3, within(1e-9));
    }

    @Test
    void aSessionCountsInTheDayItStartedEvenWhenItCrossesMidnight() {
        UserFeatureState s = stateOf(view("u", at(days(1)).minusSeconds(600)), view("u", at(days(1).plusMinutes(10))));
        assertThat(segment(s, at(days(1).plusMinutes(10))).get("sessions_30d")).isEqualTo(1);
        assertThat(segment(s, at(days(1).plusMinutes(10))).get("avg_session_minutes_30d")).isEqualTo(20.0);
        // 30 days after the start day, the session has left the window although it ended a day later
        assertThat(segment(s, at(days(30))).get("sessions_30d")).isZero();
    }

    @Test
    void aLateEventInsideTheCurrentSessionChangesNoSessionValue() {
        UserFeatureState inOrder = stateOf(view("u", BASE), view("u", at(minutes(20))));
        UserFeatureState withLate = stateOf(view("u", BASE), view("u", at(minutes(20))), view("u", at(minutes(10))));
        assertSameSessionFeatures(inOrder, withLate, at(minutes(20)));
    }

    @Test
    void aLateEventBeforeTheCurrentSessionChangesNoSessionValue() {
        UserFeatureState inOrder = stateOf(view("u", BASE), view("u", at(hours(3))));
        UserFeatureState withLate = stateOf(view("u", BASE), view("u", at(hours(3))), view("u", at(hours(1))),
                view("u", at(hours(3)).minusSeconds(60)));
        assertSameSessionFeatures(inOrder, withLate, at(hours(3)));
    }

    @Test
    void hoursSincePreviousSessionMeasuresFromTheEndOfTheLatestFinishedSession() {
        UserFeatureState s = stateOf(view("u", BASE), view("u", at(minutes(10))), view("u", at(hours(5))));
        // during the second session: since 00:10
        assertThat(segment(s, at(hours(5))).get("hours_since_previous_session")).isCloseTo(4 + 50 / 60.0, within(1e-9));
        // once 30 minutes passed without events the second session is finished: since 05:00
        assertThat(segment(s, at(hours(5).plusMinutes(30))).get("hours_since_previous_session")).isCloseTo(
                4 + 50 / 60.0 + 0.5, within(1e-9));
        assertThat(segment(s, at(hours(5).plusMinutes(31))).get("hours_since_previous_session"))
                .isCloseTo(31 / 60.0, within(1e-9));
    }

    @Test
    void hoursSincePreviousSessionIsCappedAtSevenHundredTwentyAlsoWhenThereIsNone() {
        UserFeatureState s = stateOf(view("u", BASE));
        assertThat(segment(s, BASE).get("hours_since_previous_session")).isEqualTo(720.0);
        assertThat(segment(s, at(days(31))).get("hours_since_previous_session")).isEqualTo(720.0);
        assertThat(segment(s, at(days(29))).get("hours_since_previous_session")).isEqualTo(29 * 24.0);
    }

    private static void assertSameSessionFeatures(UserFeatureState a, UserFeatureState b, Instant asOf) {
        for (String f : new String[] {"sessions_30d", "avg_session_minutes_30d", "hours_since_previous_session"}) {
            assertThat(segment(b, asOf).get(f)).as(f).isEqualTo(segment(a, asOf).get(f));
        }
    }
}
