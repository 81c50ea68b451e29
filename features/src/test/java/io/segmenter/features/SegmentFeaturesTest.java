package io.segmenter.features;

import static io.segmenter.features.TestEvents.BASE;
import static io.segmenter.features.TestEvents.at;
import static io.segmenter.features.TestEvents.click;
import static io.segmenter.features.TestEvents.clickBuilder;
import static io.segmenter.features.TestEvents.days;
import static io.segmenter.features.TestEvents.hours;
import static io.segmenter.features.TestEvents.line;
import static io.segmenter.features.TestEvents.minutes;
import static io.segmenter.features.TestEvents.pricedView;
import static io.segmenter.features.TestEvents.purchase;
import static io.segmenter.features.TestEvents.purchaseBuilder;
import static io.segmenter.features.TestEvents.purchaseWithLines;
import static io.segmenter.features.TestEvents.segment;
import static io.segmenter.features.TestEvents.stateOf;
import static io.segmenter.features.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentFeaturesTest {

    @Test
    void countsEachClickTypeInItsOwnColumn() {
        Instant t = at(hours(1));
        UserFeatureState s = stateOf(view("u", t), view("u", t), click("u", ClickType.CART, t),
                click("u", ClickType.REMOVE_FROM_CART, t), click("u", ClickType.WISHLIST, t),
                click("u", ClickType.SEARCH, t), purchase("u", 3, t));
        FeatureVector v = segment(s, t);
        assertThat(v.get("events_1m")).isEqualTo(7);
        assertThat(v.get("views_1h")).isEqualTo(2);
        assertThat(v.get("carts_1h")).isEqualTo(1);
        assertThat(v.get("purchases_1h")).isEqualTo(1);
        assertThat(v.get("removes_24h")).isEqualTo(1);
        assertThat(v.get("wishlists_24h")).isEqualTo(1);
        assertThat(v.get("wishlists_30d")).isEqualTo(1);
        assertThat(v.get("searches_30d")).isEqualTo(1);
        assertThat(v.get("views_30d")).isEqualTo(2);
    }

    @Test
    void expressesMoneyInCurrencyUnitsWithSumAverageAndMaximum() {
        UserFeatureState s = stateOf(purchase("u", 10.50, BASE), purchase("u", 29.50, at(days(2))),
                purchase("u", 100, at(days(20))));
        FeatureVector v = segment(s, at(days(20)));
        assertThat(v.get("spend_24h")).isEqualTo(100.0);
        assertThat(v.get("spend_7d")).isEqualTo(100.0);
        assertThat(v.get("spend_30d")).isEqualTo(140.0);
        assertThat(v.get("avg_order_value_30d")).isCloseTo(140.0 / 3, within(1e-9));
        assertThat(v.get("max_order_value_30d")).isEqualTo(100.0);
        assertThat(v.get("lifetime_spend")).isEqualTo(140.0);
        assertThat(v.get("lifetime_purchases")).isEqualTo(3);
    }

    @Test
    void conversionRatesRelateViewsCartsAndItemsBought() {
        Instant t = at(hours(1));
        UserFeatureState s = stateOf(view("u", t), view("u", t), view("u", t), view("u", t),
                click("u", ClickType.CART, t), click("u", ClickType.CART, t), click("u", ClickType.CART, t),
                click("u", ClickType.CART, t), click("u", ClickType.REMOVE_FROM_CART, t), purchase("u", 5, t));
        FeatureVector v = segment(s, t);
        assertThat(v.get("view_to_cart_rate_30d")).isEqualTo(1.0);
        assertThat(v.get("cart_to_purchase_rate_30d")).isEqualTo(0.25);
        // 4 carted, 1 removed, 1 bought: 2 left in the cart
        assertThat(v.get("cart_abandonment_rate_30d")).isEqualTo(0.5);
    }

    @Test
    void ratesAreClippedToOne() {
        Instant t = at(hours(1));
        UserFeatureState s = stateOf(view("u", t), click("u", ClickType.CART, t), click("u", ClickType.CART, t),
                purchaseBuilder("u", 9, t).setItemCount(3).build());
        FeatureVector v = segment(s, t);
        assertThat(v.get("view_to_cart_rate_30d")).isEqualTo(1.0);
        assertThat(v.get("cart_to_purchase_rate_30d")).isEqualTo(1.0);
        assertThat(v.get("cart_abandonment_rate_30d")).isZero();
    }

    @Test
    void ratesWithAZeroDenominatorAreZero() {
        FeatureVector v = segment(stateOf(purchase("u", 5, BASE)), BASE);
        assertThat(v.get("view_to_cart_rate_30d")).isZero();
        assertThat(v.get("cart_to_purchase_rate_30d")).isZero();
        assertThat(v.get("cart_abandonment_rate_30d")).isZero();
        FeatureVector noOrders = segment(stateOf(view("u", BASE)), BASE);
        assertThat(noOrders.get("avg_order_value_30d")).isZero();
        assertThat(noOrders.get("max_order_value_30d")).isZero();
    }

    @Test
    void countsDistinctPurchaseDays() {
        UserFeatureState s = stateOf(purchase("u", 1, BASE), purchase("u", 1, at(hours(5))),
                purchase("u", 1, at(days(2))), purchase("u", 1, at(days(10))), view("u", at(days(11))));
        FeatureVector v = segment(s, at(days(11)));
        assertThat(v.get("purchase_days_7d")).isEqualTo(1);
        assertThat(v.get("purchase_days_30d")).isEqualTo(3);
    }

    @Test
    void hoursSinceLastPurchaseIsCappedAtSevenHundredTwenty() {
        assertThat(segment(stateOf(view("u", BASE)), BASE).get("hours_since_last_purchase")).isEqualTo(720.0);
        UserFeatureState s = stateOf(purchase("u", 1, BASE));
        assertThat(segment(s, at(minutes(90))).get("hours_since_last_purchase")).isEqualTo(1.5);
        assertThat(segment(s, at(days(30))).get("hours_since_last_purchase")).isEqualTo(720.0);
        assertThat(segment(s, at(days(45))).get("hours_since_last_purchase")).isEqualTo(720.0);
    }

    @Test
    void hourOfDayAndWeekendSharesUseUtc() {
        // BASE is a Monday; days(5) is Saturday, days(6) Sunday
        UserFeatureState s = stateOf(view("u", at(hours(3))), view("u", at(hours(9))), view("u", at(hours(15))),
                view("u", at(hours(21))), view("u", at(days(5).plusHours(23))), view("u", at(days(6).plusHours(5))),
                view("u", at(days(7))), view("u", at(days(7).plusHours(12))));
        FeatureVector v = segment(s, at(days(7).plusHours(12)));
        assertThat(v.get("share_night")).isEqualTo(3 / 8.0);
        assertThat(v.get("share_morning")).isEqualTo(1 / 8.0);
        assertThat(v.get("share_afternoon")).isEqualTo(2 / 8.0);
        assertThat(v.get("share_evening")).isEqualTo(2 / 8.0);
        assertThat(v.get("share_weekend")).isEqualTo(2 / 8.0);
    }

    @Test
    void priceSensitivityIsAveragePriceBoughtOverAveragePriceViewed() {
        Instant t = at(hours(1));
        UserFeatureState s = stateOf(pricedView("u", 100, t), pricedView("u", 300, t),
                purchaseWithLines("u", t, List.of(line("p1", "c1", "b1", 2, 40), line("p2", "c2", "b1", 1, 70))));
        FeatureVector v = segment(s, t);
        assertThat(v.get("avg_price_viewed_30d")).isEqualTo(200.0);
        assertThat(v.get("avg_price_bought_30d")).isEqualTo(50.0);
        assertThat(v.get("price_sensitivity_30d")).isEqualTo(0.25);
    }

    @Test
    void averagePriceBoughtFallsBackToOrderTotalPerItemWithoutPricedLines() {
        Instant t = at(hours(1));
        UserFeatureState s = stateOf(purchaseBuilder("u", 90, t).setItemCount(3).build());
        assertThat(segment(s, t).get("avg_price_bought_30d")).isEqualTo(30.0);
    }

    @Test
    void priceSensitivityIsOneWhenEitherPriceIsUnknown() {
        Instant t = at(hours(1));
        // Taobao-like: no prices anywhere, orders of amount 0
        assertThat(segment(stateOf(view("u", t), purchase("u", 0, t)), t).get("price_sensitivity_30d")).isEqualTo(1.0);
        assertThat(segment(stateOf(view("u", t), purchase("u", 0, t)), t).get("avg_price_bought_30d")).isZero();
        assertThat(segment(stateOf(pricedView("u", 10, t)), t).get("price_sensitivity_30d")).isEqualTo(1.0);
        assertThat(segment(stateOf(purchase("u", 10, t)), t).get("price_sensitivity_30d")).isEqualTo(1.0);
    }

    @Test
    void countsDeviceAndIpChangesBetweenConsecutiveEvents() {
        UserFeatureState s = stateOf(onDevice("A", "1.1.1.1", 0), onDevice("A", "1.1.1.1", 1), onDevice("B", "1.1.1.1", 2),
                onDevice("A", "2.2.2.2", 3), onDevice(null, null, 4), onDevice("A", "2.2.2.2", 5));
        FeatureVector v = segment(s, at(minutes(5)));
        assertThat(v.get("device_changes")).isEqualTo(2);
        assertThat(v.get("ip_changes")).isEqualTo(1);
        assertThat(v.get("distinct_devices")).isEqualTo(2);
    }

    @Test
    void aLateEventAddsItsDeviceButIsNotAChange() {
        UserFeatureState s = stateOf(onDevice("A", "ip1", 10), onDevice("C", "ip2", 5), onDevice("A", "ip1", 11));
        FeatureVector v = segment(s, at(minutes(11)));
        assertThat(v.get("device_changes")).isZero();
        assertThat(v.get("ip_changes")).isZero();
        assertThat(v.get("distinct_devices")).isEqualTo(2);
    }

    @Test
    void tenureRunsFromFirstSeenOrAnEarlierAccountCreation() {
        UserFeatureState s = stateOf(view("u", BASE));
        assertThat(segment(s, at(days(3))).get("tenure_days")).isEqualTo(3.0);
        s.apply(purchaseBuilder("u", 1, at(days(1))).setAccountCreatedTime(BASE.minus(days(10))).build());
        assertThat(segment(s, at(days(3))).get("tenure_days")).isEqualTo(13.0);
    }

    @Test
    void anEmptyStateGivesZerosCapsAndNeutralPriceSensitivity() {
        FeatureVector v = segment(new UserFeatureState(), BASE);
        for (String name : FeatureDefinition.SEGMENT.names()) {
            double expected = switch (name) {
                case "hours_since_last_purchase", "hours_since_previous_session" -> 720.0;
                case "price_sensitivity_30d" -> 1.0;
                default -> 0.0;
            };
            assertThat(v.get(name)).as(name).isEqualTo(expected);
        }
    }

    @Test
    void anEventMoreThanThirtyDaysAfterTheNewestStartsANewActivityPeriod() {
        UserFeatureState kept = stateOf(purchase("u", 5, BASE), onDevice("A", "ip", 0), view("u", at(days(30))));
        assertThat(segment(kept, at(days(30))).get("lifetime_purchases")).isEqualTo(1);
        assertThat(segment(kept, at(days(30))).get("tenure_days")).isEqualTo(30.0);

        UserFeatureState restarted = stateOf(purchase("u", 5, BASE), onDevice("A", "ip", 0),
                view("u", at(days(30)).plusMillis(1)));
        FeatureVector v = segment(restarted, at(days(30)).plusMillis(1));
        assertThat(v.get("lifetime_purchases")).isZero();
        assertThat(v.get("lifetime_spend")).isZero();
        assertThat(v.get("tenure_days")).isZero();
        assertThat(v.get("distinct_devices")).isZero();
        assertThat(v.get("hours_since_last_purchase")).isEqualTo(720.0);
        // the same as a user evicted while idle and seen again
        assertThat(UserFeatureStateCodec.encode(restarted))
                .isEqualTo(UserFeatureStateCodec.encode(stateOf(view("u", at(days(30)).plusMillis(1)))));
    }

    @Test
    void isIdleAfterTheLongestWindowPlusGrace() {
        UserFeatureState s = stateOf(view("u", BASE));
        Duration grace = Duration.ofHours(1);
        assertThat(s.isIdle(at(days(30).plusHours(1)), grace)).isFalse();
        assertThat(s.isIdle(at(days(30).plusHours(1)).plusMillis(1), grace)).isTrue();
        assertThat(s.isIdle(at(days(30)).plusMillis(1), Duration.ZERO)).isTrue();
        assertThat(new UserFeatureState().isIdle(BASE, grace)).isTrue();
        assertThat(s.lastEventTime()).contains(BASE);
    }

    @Test
    void categoriesAndBrandsComeFromClicksAndOrderLines() {
        Instant t = at(hours(1));
        ClickEvent withPathOnly = clickBuilder("u", ClickType.VIEW, t).setCategoryPath("electronics.phone").build();
        UserFeatureState s = stateOf(
                clickBuilder("u", ClickType.VIEW, t).setCategoryId("c1").setBrand("acme").build(),
                clickBuilder("u", ClickType.CART, t).setCategoryId("c1").setBrand("acme").build(),
                withPathOnly,
                purchaseWithLines("u", t, List.of(line("p", "c2", "other", 1, 3), line("q", null, null, 1, 3))));
        FeatureVector v = segment(s, t);
        assertThat(v.get("distinct_categories")).isEqualTo(3);
        assertThat(v.get("distinct_brands")).isEqualTo(2);
    }

    private static ClickEvent onDevice(String device, String ip, int minute) {
        return clickBuilder("u", ClickType.VIEW, at(minutes(minute))).setDeviceId(device).setIp(ip).build();
    }
}
