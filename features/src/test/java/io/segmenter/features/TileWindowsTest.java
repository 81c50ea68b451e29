package io.segmenter.features;

import static io.segmenter.features.TestEvents.BASE;
import static io.segmenter.features.TestEvents.at;
import static io.segmenter.features.TestEvents.days;
import static io.segmenter.features.TestEvents.hours;
import static io.segmenter.features.TestEvents.minutes;
import static io.segmenter.features.TestEvents.purchase;
import static io.segmenter.features.TestEvents.segment;
import static io.segmenter.features.TestEvents.stateOf;
import static io.segmenter.features.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Tile-aligned windows: the tile containing asOf plus the W/size - 1 tiles before it. */
class TileWindowsTest {

    private static final Duration ONE_MS = Duration.ofMillis(1);

    @Test
    void countsEventsOnlyInsideTheTenMinuteWindow() {
        UserFeatureState s = stateOf(view("u", BASE), view("u", at(minutes(9))), view("u", at(minutes(10))));
        // as of 00:10:30 the window is the tiles 00:01 .. 00:10
        assertThat(segment(s, at(minutes(10).plusSeconds(30))).get("events_10m")).isEqualTo(2);
        assertThat(segment(s, at(minutes(9).plusSeconds(59))).get("events_10m")).isEqualTo(2);
    }

    @Test
    void anEventExactlyOnATileEdgeBelongsToTheTileItOpens() {
        UserFeatureState s = stateOf(view("u", BASE), view("u", at(minutes(1))));
        assertThat(segment(s, at(minutes(1))).get("events_1m")).isEqualTo(1);
        assertThat(segment(s, at(minutes(1)).minus(ONE_MS)).get("events_1m")).isEqualTo(1);
        assertThat(segment(s, at(minutes(2)).minus(ONE_MS)).get("events_1m")).isEqualTo(1);
        assertThat(segment(s, at(minutes(2))).get("events_1m")).isZero();
    }

    @Test
    void minuteWindowsIncludeWMinusOneTilesBackAndExcludeTheWth() {
        UserFeatureState s = stateOf(view("u", BASE));
        assertThat(segment(s, at(minutes(10)).minus(ONE_MS)).get("events_10m")).isEqualTo(1);
        assertThat(segment(s, at(minutes(10))).get("events_10m")).isZero();
        assertThat(segment(s, at(minutes(60)).minus(ONE_MS)).get("events_1h")).isEqualTo(1);
        assertThat(segment(s, at(minutes(60))).get("events_1h")).isZero();
    }

    @Test
    void hourWindowIncludesTwentyThreeTilesBackAndExcludesTheTwentyFourth() {
        UserFeatureState s = stateOf(purchase("u", 5, BASE.plusSeconds(1800)));
        assertThat(segment(s, at(hours(23).plusMinutes(59))).get("purchases_24h")).isEqualTo(1);
        assertThat(segment(s, at(hours(23).plusMinutes(59))).get("spend_24h")).isEqualTo(5.0);
        assertThat(segment(s, at(hours(24))).get("purchases_24h")).isZero();
    }

    @Test
    void dayWindowsIncludeWMinusOneDaysBackAndExcludeTheWth() {
        UserFeatureState s = stateOf(purchase("u", 5, at(hours(12))));
        assertThat(segment(s, at(days(7)).minus(ONE_MS)).get("purchases_7d")).isEqualTo(1);
        assertThat(segment(s, at(days(7))).get("purchases_7d")).isZero();
        assertThat(segment(s, at(days(30)).minus(ONE_MS)).get("purchases_30d")).isEqualTo(1);
        assertThat(segment(s, at(days(30))).get("purchases_30d")).isZero();
    }

    @Test
    void tilesAreUtcCalendarDaysNotRollingTwentyFourHours() {
        // 23:59 on day 0 and 00:00 on day 7 are 6 days 1 minute apart, yet 8 calendar days
        UserFeatureState s = stateOf(purchase("u", 1, at(days(1)).minusSeconds(60)), view("u", at(days(7))));
        assertThat(segment(s, at(days(7))).get("purchases_7d")).isZero();
    }

    @Test
    void aSlotIsReusedWhenTheRingWrapsAround() {
        // 00:00 and 01:00 share minute slot 0
        UserFeatureState s = stateOf(view("u", BASE), view("u", at(minutes(60))));
        assertThat(segment(s, at(minutes(60))).get("events_1m")).isEqualTo(1);
        assertThat(segment(s, at(minutes(60))).get("events_1h")).isEqualTo(1);
        assertThat(segment(s, at(minutes(60))).get("events_24h")).isEqualTo(2);
        // day slot 0 is reused 30 days later
        UserFeatureState d = stateOf(purchase("u", 1, BASE), purchase("u", 2, at(days(29))), purchase("u", 4, at(days(30))));
        assertThat(segment(d, at(days(30))).get("spend_30d")).isEqualTo(6.0);
    }

    @Test
    void aSlotLeftFromAnEarlierLapReadsAsEmpty() {
        // 00:15 stays in slot 15 after the head moves to 01:40; reading as of 00:20 must not see it,
        // because it is no longer retained (a decoded copy would not have it either)
        UserFeatureState s = stateOf(view("u", at(minutes(15))), view("u", at(minutes(100))));
        assertThat(segment(s, at(minutes(20))).get("events_10m")).isZero();
        assertThat(segment(UserFeatureStateCodec.decode(UserFeatureStateCodec.encode(s)), at(minutes(20))))
                .isEqualTo(segment(s, at(minutes(20))));
    }

    @Test
    void anOutOfOrderEventLandsInItsOwnTile() {
        UserFeatureState s = stateOf(purchase("u", 1, at(days(3))), purchase("u", 2, at(days(1))),
                view("u", at(days(3).plusMinutes(5))), view("u", at(days(3).plusMinutes(1))));
        FeatureVector v = segment(s, at(days(3).plusMinutes(5)));
        assertThat(v.get("purchase_days_7d")).isEqualTo(2);
        assertThat(v.get("purchases_24h")).isEqualTo(1);
        assertThat(v.get("events_10m")).isEqualTo(3);
        assertThat(v.get("events_1m")).isEqualTo(1);
        // two days late is too old for the hour tiles, not for the day tiles
        assertThat(segment(s, at(days(1).plusHours(1))).get("purchases_24h")).isZero();
        assertThat(segment(s, at(days(1).plusHours(1))).get("spend_7d")).isEqualTo(2.0);
    }

    @Test
    void anEventOlderThanALevelsRetainedTilesSkipsThatLevelOnly() {
        UserFeatureState s = stateOf(view("u", at(hours(2))), purchase("u", 7, at(minutes(30))));
        FeatureVector v = segment(s, at(hours(2)));
        assertThat(v.get("events_1h")).isEqualTo(1);
        assertThat(v.get("purchases_1h")).isZero();
        assertThat(v.get("purchases_24h")).isEqualTo(1);
        assertThat(v.get("spend_30d")).isEqualTo(7.0);
        // minute retention runs from 01:01 to 02:00: as of 00:35 nothing is visible at that level
        assertThat(segment(s, at(minutes(35))).get("purchases_10m")).isZero();
    }

    @Test
    void anEventOlderThanEveryTileStillCountsForLifetimeValues() {
        UserFeatureState s = stateOf(view("u", at(days(40))), purchase("u", 9, at(days(5))));
        FeatureVector v = segment(s, at(days(40)));
        assertThat(v.get("purchases_30d")).isZero();
        assertThat(v.get("lifetime_purchases")).isEqualTo(1);
        assertThat(v.get("lifetime_spend")).isEqualTo(9.0);
        assertThat(v.get("tenure_days")).isEqualTo(35.0);
    }

    @Test
    void windowsSlideForwardWhenReadLaterThanTheNewestEvent() {
        UserFeatureState s = stateOf(view("u", BASE), view("u", at(hours(5))));
        assertThat(segment(s, at(hours(5))).get("events_24h")).isEqualTo(2);
        assertThat(segment(s, at(hours(24).plusMinutes(1))).get("events_24h")).isEqualTo(1);
        assertThat(segment(s, at(days(2))).get("events_24h")).isZero();
        assertThat(segment(s, at(days(2))).get("views_7d")).isEqualTo(2);
    }
}
