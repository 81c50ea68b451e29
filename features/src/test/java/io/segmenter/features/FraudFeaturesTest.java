package io.segmenter.features;

import static io.segmenter.features.TestEvents.BASE;
import static io.segmenter.features.TestEvents.at;
import static io.segmenter.features.TestEvents.clickBuilder;
import static io.segmenter.features.TestEvents.hours;
import static io.segmenter.features.TestEvents.minutes;
import static io.segmenter.features.TestEvents.purchase;
import static io.segmenter.features.TestEvents.purchaseBuilder;
import static io.segmenter.features.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FraudFeaturesTest {

    private static FeatureVector fraud(UserFeatureState s, PurchaseEvent p, NetworkCounts n) {
        s.apply(p);
        return FeatureExtractor.fraudVector(s, p, n);
    }

    @Test
    void accountAgeRunsFromCreationToThePurchase() {
        PurchaseEvent p = purchaseBuilder("u", 25, at(hours(2))).setAccountCreatedTime(BASE.plusSeconds(1800)).build();
        FeatureVector v = fraud(new UserFeatureState(), p, NetworkCounts.NONE);
        assertThat(v.get("account_age_known")).isEqualTo(1);
        assertThat(v.get("account_age_hours")).isEqualTo(1.5);
        assertThat(v.get("log_account_age_seconds")).isCloseTo(Math.log1p(5400), within(1e-12));
        assertThat(v.asOf()).isEqualTo(at(hours(2)));
    }

    @Test
    void aPurchaseOneSecondAfterSignUpHasATinyAccountAge() {
        PurchaseEvent p = purchaseBuilder("u", 25, BASE.plusSeconds(1)).setAccountCreatedTime(BASE).build();
        FeatureVector v = fraud(new UserFeatureState(), p, NetworkCounts.NONE);
        assertThat(v.get("log_account_age_seconds")).isCloseTo(Math.log(2), within(1e-12));
    }

    @Test
    void accountAgeUsesTheCreationTimeSeenOnAnEarlierPurchase() {
        UserFeatureState s = new UserFeatureState();
        fraud(s, purchaseBuilder("u", 1, at(hours(1))).setAccountCreatedTime(BASE).build(), NetworkCounts.NONE);
        FeatureVector v = fraud(s, purchase("u", 1, at(hours(3))), NetworkCounts.NONE);
        assertThat(v.get("account_age_hours")).isEqualTo(3.0);
    }

    @Test
    void unknownAccountAgeIsMinusOneWithAFlag() {
        FeatureVector v = fraud(new UserFeatureState(), purchase("u", 25, BASE), NetworkCounts.NONE);
        assertThat(v.get("account_age_known")).isZero();
        assertThat(v.get("account_age_hours")).isEqualTo(FeatureExtractor.UNKNOWN_ACCOUNT_AGE);
        assertThat(v.get("log_account_age_seconds")).isEqualTo(FeatureExtractor.UNKNOWN_ACCOUNT_AGE);
    }

    @Test
    void anAccountCreatedSlightlyAfterThePurchaseReadsAsAgeZero() {
        PurchaseEvent p = purchaseBuilder("u", 25, BASE).setAccountCreatedTime(BASE.plusSeconds(30)).build();
        FeatureVector v = fraud(new UserFeatureState(), p, NetworkCounts.NONE);
        assertThat(v.get("account_age_hours")).isZero();
        assertThat(v.get("log_account_age_seconds")).isZero();
    }

    @Test
    void amountIsInCurrencyUnitsWithItsLogarithm() {
        FeatureVector v = fraud(new UserFeatureState(), purchase("u", 99.99, BASE), NetworkCounts.NONE);
        assertThat(v.get("amount")).isEqualTo(99.99);
        assertThat(v.get("log_amount")).isCloseTo(Math.log1p(99.99), within(1e-12));
    }

    @Test
    void userVelocityIncludesThisPurchaseAndEarlierEventsOnly() {
        UserFeatureState s = new UserFeatureState();
        s.apply(view("u", BASE));
        s.apply(view("u", at(minutes(5))));
        fraud(s, purchase("u", 1, at(minutes(6))), NetworkCounts.NONE);
        FeatureVector v = fraud(s, purchase("u", 1, at(minutes(8))), NetworkCounts.NONE);
        assertThat(v.get("user_purchases_10m")).isEqualTo(2);
        assertThat(v.get("user_purchases_24h")).isEqualTo(2);
        assertThat(v.get("user_events_10m")).isEqualTo(4);
        assertThat(v.get("is_first_purchase")).isZero();
        assertThat(v.get("minutes_since_first_seen")).isEqualTo(8.0);
    }

    @Test
    void aLatePurchaseDoesNotSeeLaterTiles() {
        UserFeatureState s = new UserFeatureState();
        s.apply(view("u", at(minutes(30))));
        FeatureVector v = fraud(s, purchase("u", 1, at(minutes(10))), NetworkCounts.NONE);
        assertThat(v.get("user_events_10m")).isEqualTo(1);
        assertThat(v.get("minutes_since_first_seen")).isZero();
    }

    @Test
    void theFirstPurchaseIsFlagged() {
        UserFeatureState s = new UserFeatureState();
        s.apply(view("u", BASE));
        assertThat(fraud(s, purchase("u", 1, at(minutes(1))), NetworkCounts.NONE).get("is_first_purchase")).isEqualTo(1);
    }

    @Test
    void carriesTheNetworkCountsAndWhetherDeviceAndIpAreKnown() {
        NetworkCounts n = new NetworkCounts(3, 5, 2, 2, 7, 11, 1, 4);
        PurchaseEvent p = purchaseBuilder("u", 1, BASE).setDeviceId("D").setIp("10.0.0.1").build();
        FeatureVector v = fraud(new UserFeatureState(), p, n);
        assertThat(v.get("device_known")).isEqualTo(1);
        assertThat(v.get("ip_known")).isEqualTo(1);
        assertThat(v.get("device_users_24h")).isEqualTo(3);
        assertThat(v.get("device_purchases_24h")).isEqualTo(5);
        assertThat(v.get("device_users_10m")).isEqualTo(2);
        assertThat(v.get("device_purchases_10m")).isEqualTo(2);
        assertThat(v.get("ip_users_24h")).isEqualTo(7);
        assertThat(v.get("ip_purchases_24h")).isEqualTo(11);
        assertThat(v.get("ip_users_10m")).isEqualTo(1);
        assertThat(v.get("ip_purchases_10m")).isEqualTo(4);
        FeatureVector unknown = fraud(new UserFeatureState(), purchase("v", 1, BASE), NetworkCounts.NONE);
        assertThat(unknown.get("device_known")).isZero();
        assertThat(unknown.get("ip_known")).isZero();
    }

    @Test
    void hourOfDayAndDeviceHistoryComeFromTheUser() {
        UserFeatureState s = new UserFeatureState();
        s.apply(clickBuilder("u", ClickType.VIEW, at(hours(13))).setDeviceId("A").build());
        s.apply(clickBuilder("u", ClickType.VIEW, at(hours(13).plusMinutes(1))).setDeviceId("B").build());
        Instant t = at(hours(13).plusMinutes(2));
        FeatureVector v = fraud(s, purchaseBuilder("u", 1, t).setDeviceId("C").build(), NetworkCounts.NONE);
        assertThat(v.get("hour_of_day")).isEqualTo(13);
        assertThat(v.get("distinct_devices")).isEqualTo(3);
        assertThat(v.get("device_changes")).isEqualTo(2);
    }

    @Test
    void completingTheUserHalfWithNetworkCountsEqualsComputingWithTheCountsUpFront() {
        PurchaseEvent p = purchaseBuilder("u1", 42.0, at(minutes(5))).setDeviceId("DEV").setIp("10.0.0.1").build();
        NetworkCounts counts = new NetworkCounts(3, 4, 1, 2, 5, 6, 0, 1);

        UserFeatureState upFront = new UserFeatureState();
        FeatureVector expected = fraud(upFront, p, counts);
        UserFeatureState later = new UserFeatureState();
        FeatureVector userHalf = fraud(later, p, NetworkCounts.NONE);

        assertThat(FeatureExtractor.withNetworkCounts(userHalf, counts)).isEqualTo(expected);
        assertThat(userHalf.get("ip_users_24h")).isZero();
    }
}
