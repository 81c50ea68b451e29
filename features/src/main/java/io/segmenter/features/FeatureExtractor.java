package io.segmenter.features;

import static io.segmenter.features.TileRing.D_BOUGHT_PRICE_COUNT;
import static io.segmenter.features.TileRing.D_BOUGHT_PRICE_SUM_MINOR;
import static io.segmenter.features.TileRing.D_CARTS;
import static io.segmenter.features.TileRing.D_ITEMS;
import static io.segmenter.features.TileRing.D_MAX_ORDER_MINOR;
import static io.segmenter.features.TileRing.D_PURCHASES;
import static io.segmenter.features.TileRing.D_REMOVES;
import static io.segmenter.features.TileRing.D_SEARCHES;
import static io.segmenter.features.TileRing.D_SESSIONS;
import static io.segmenter.features.TileRing.D_SESSION_MILLIS;
import static io.segmenter.features.TileRing.D_SPEND_MINOR;
import static io.segmenter.features.TileRing.D_VIEWS;
import static io.segmenter.features.TileRing.D_VIEW_PRICE_COUNT;
import static io.segmenter.features.TileRing.D_VIEW_PRICE_SUM_MINOR;
import static io.segmenter.features.TileRing.D_WISHLISTS;
import static io.segmenter.features.TileRing.H_CARTS;
import static io.segmenter.features.TileRing.H_EVENTS;
import static io.segmenter.features.TileRing.H_PURCHASES;
import static io.segmenter.features.TileRing.H_REMOVES;
import static io.segmenter.features.TileRing.H_SPEND_MINOR;
import static io.segmenter.features.TileRing.H_VIEWS;
import static io.segmenter.features.TileRing.H_WISHLISTS;
import static io.segmenter.features.TileRing.M_CARTS;
import static io.segmenter.features.TileRing.M_EVENTS;
import static io.segmenter.features.TileRing.M_PURCHASES;
import static io.segmenter.features.TileRing.M_VIEWS;
import static io.segmenter.features.UserFeatureState.NONE;

import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Instant;

/**
 * Turns state into the vectors of {@link FeatureDefinition}: the only place feature arithmetic
 * lives, used by the stream and by {@link OfflineFeatureReplay}. Money is in currency units
 * (minor units / 100); a quotient whose denominator is 0 is 0 unless the definition says
 * otherwise. Stateless and thread-safe.
 */
public final class FeatureExtractor {

    /** Recency features stop at 30 days, which is also their value when there is nothing to measure from. */
    public static final double RECENCY_CAP_HOURS = 720;

    /** Value of the account-age features when the creation time is unknown. */
    public static final double UNKNOWN_ACCOUNT_AGE = -1;

    private static final double MINOR_PER_UNIT = 100.0;
    private static final double MILLIS_PER_MINUTE = 60_000.0;
    private static final double MILLIS_PER_HOUR = 3_600_000.0;
    private static final double MILLIS_PER_DAY = 86_400_000.0;

    private FeatureExtractor() {
    }

    /**
     * The user's segment vector as of {@code asOf}, normally the newest event time or later
     * (windows then slide forward; lifetime values are whatever the state holds).
     */
    public static FeatureVector segmentVector(UserFeatureState s, Instant asOf) {
        long t = asOf.toEpochMilli();
        long head = s.hasEvents ? s.lastEventMillis : t;
        long[] m1 = s.minutes.sums(t, 1, head);
        long[] m10 = s.minutes.sums(t, 10, head);
        long[] m60 = s.minutes.sums(t, 60, head);
        long[] h24 = s.hours.sums(t, 24, head);
        long[] d7 = s.days.sums(t, 7, head);
        long[] d30 = s.days.sums(t, 30, head);

        long views30 = d30[D_VIEWS];
        long carts30 = d30[D_CARTS];
        long purchases30 = d30[D_PURCHASES];
        long items30 = d30[D_ITEMS];
        long sessions30 = d30[D_SESSIONS];
        double avgViewed = ratio(d30[D_VIEW_PRICE_SUM_MINOR], d30[D_VIEW_PRICE_COUNT]) / MINOR_PER_UNIT;
        double avgBought = ratio(d30[D_BOUGHT_PRICE_SUM_MINOR], d30[D_BOUGHT_PRICE_COUNT]) / MINOR_PER_UNIT;
        double priceSensitivity = avgViewed > 0 && avgBought > 0 ? avgBought / avgViewed : 1.0;

        long[] hod = s.hourOfDayCounts;
        long total = 0;
        for (long c : hod) {
            total += c;
        }

        return new VectorBuilder(FeatureDefinition.SEGMENT)
                .put("events_1m", m1[M_EVENTS])
                .put("events_10m", m10[M_EVENTS])
                .put("purchases_10m", m10[M_PURCHASES])
                .put("events_1h", m60[M_EVENTS])
                .put("views_1h", m60[M_VIEWS])
                .put("carts_1h", m60[M_CARTS])
                .put("purchases_1h", m60[M_PURCHASES])
                .put("events_24h", h24[H_EVENTS])
                .put("views_24h", h24[H_VIEWS])
                .put("carts_24h", h24[H_CARTS])
                .put("removes_24h", h24[H_REMOVES])
                .put("wishlists_24h", h24[H_WISHLISTS])
                .put("purchases_24h", h24[H_PURCHASES])
                .put("spend_24h", h24[H_SPEND_MINOR] / MINOR_PER_UNIT)
                .put("views_7d", d7[D_VIEWS])
                .put("carts_7d", d7[D_CARTS])
                .put("purchases_7d", d7[D_PURCHASES])
                .put("spend_7d", d7[D_SPEND_MINOR] / MINOR_PER_UNIT)
                .put("views_30d", views30)
                .put("carts_30d", carts30)
                .put("removes_30d", d30[D_REMOVES])
                .put("wishlists_30d", d30[D_WISHLISTS])
                .put("searches_30d", d30[D_SEARCHES])
                .put("purchases_30d", purchases30)
                .put("spend_30d", d30[D_SPEND_MINOR] / MINOR_PER_UNIT)
                .put("avg_order_value_30d", ratio(d30[D_SPEND_MINOR], purchases30) / MINOR_PER_UNIT)
                .put("max_order_value_30d", s.days.max(D_MAX_ORDER_MINOR, t, 30, head) / MINOR_PER_UNIT)
                .put("view_to_cart_rate_30d", Math.min(1.0, ratio(carts30, views30)))
                .put("cart_to_purchase_rate_30d", Math.min(1.0, ratio(items30, carts30)))
                .put("cart_abandonment_rate_30d", ratio(Math.max(0, carts30 - d30[D_REMOVES] - items30), carts30))
                .put("purchase_days_7d", s.days.tilesWithNonZero(D_PURCHASES, t, 7, head))
                .put("purchase_days_30d", s.days.tilesWithNonZero(D_PURCHASES, t, 30, head))
                .put("sessions_30d", sessions30)
                .put("avg_session_minutes_30d", ratio(d30[D_SESSION_MILLIS], sessions30) / MILLIS_PER_MINUTE)
                .put("avg_price_viewed_30d", avgViewed)
                .put("avg_price_bought_30d", avgBought)
                .put("price_sensitivity_30d", priceSensitivity)
                .put("hours_since_last_purchase", hoursSince(s.lastPurchaseMillis, t))
                .put("hours_since_previous_session", hoursSince(latestFinishedSessionEnd(s, t), t))
                .put("tenure_days", tenureDays(s, t))
                .put("lifetime_spend", s.lifetimeSpendMinor / MINOR_PER_UNIT)
                .put("lifetime_purchases", s.lifetimePurchases)
                .put("distinct_categories", distinct(s.categoryBits, UserFeatureState.CATEGORY_BITS))
                .put("distinct_brands", distinct(s.brandBits, UserFeatureState.BRAND_BITS))
                .put("share_night", ratio(sum(hod, 0, 6), total))
                .put("share_morning", ratio(sum(hod, 6, 12), total))
                .put("share_afternoon", ratio(sum(hod, 12, 18), total))
                .put("share_evening", ratio(sum(hod, 18, 24), total))
                .put("share_weekend", ratio(sum(s.dayOfWeekCounts, 5, 7), total))
                .put("distinct_devices", distinctDevices(s))
                .put("device_changes", s.deviceChanges)
                .put("ip_changes", s.ipChanges)
                .build(asOf);
    }

    /**
     * The fraud vector of {@code purchase}, from the user state <em>after</em> the purchase was
     * applied and the device/IP counts taken before it was recorded there. As of the purchase's
     * event time; sees nothing later.
     */
    public static FeatureVector fraudVector(UserFeatureState s, PurchaseEvent purchase, NetworkCounts n) {
        Instant at = purchase.getEventTime();
        long t = at.toEpochMilli();
        long head = s.hasEvents ? s.lastEventMillis : t;
        long[] m10 = s.minutes.sums(t, 10, head);
        long[] h24 = s.hours.sums(t, 24, head);

        double amount = purchase.getAmountMinor() / MINOR_PER_UNIT;
        long created = purchase.getAccountCreatedTime() != null
                ? purchase.getAccountCreatedTime().toEpochMilli()
                : s.accountCreatedMillis;
        boolean ageKnown = created != NONE;
        long ageMillis = ageKnown ? Math.max(0, t - created) : 0;
        boolean deviceKnown = UserFeatureState.present(purchase.getDeviceId());
        boolean ipKnown = UserFeatureState.present(purchase.getIp());

        return new VectorBuilder(FeatureDefinition.FRAUD)
                .put("amount", amount)
                .put("log_amount", Math.log1p(Math.max(0, amount)))
                .put("account_age_known", ageKnown ? 1 : 0)
                .put("account_age_hours", ageKnown ? ageMillis / MILLIS_PER_HOUR : UNKNOWN_ACCOUNT_AGE)
                .put("log_account_age_seconds", ageKnown ? Math.log1p(ageMillis / 1000.0) : UNKNOWN_ACCOUNT_AGE)
                .put("minutes_since_first_seen", s.hasEvents ? Math.max(0, t - s.firstSeenMillis) / MILLIS_PER_MINUTE : 0)
                .put("is_first_purchase", s.lifetimePurchases <= 1 ? 1 : 0)
                .put("user_purchases_10m", m10[M_PURCHASES])
                .put("user_purchases_24h", h24[H_PURCHASES])
                .put("user_events_10m", m10[M_EVENTS])
                .put("hour_of_day", Math.floorMod(Math.floorDiv(t, 3_600_000L), 24L))
                .put("distinct_devices", distinctDevices(s))
                .put("device_changes", s.deviceChanges)
                .put("device_known", deviceKnown ? 1 : 0)
                .put("device_users_24h", n.deviceUsers24h())
                .put("device_purchases_24h", n.devicePurchases24h())
                .put("device_users_10m", n.deviceUsers10m())
                .put("device_purchases_10m", n.devicePurchases10m())
                .put("ip_known", ipKnown ? 1 : 0)
                .put("ip_users_24h", n.ipUsers24h())
                .put("ip_purchases_24h", n.ipPurchases24h())
                .put("ip_users_10m", n.ipUsers10m())
                .put("ip_purchases_10m", n.ipPurchases10m())
                .build(at);
    }

    private static final String[] NETWORK_FEATURES = {
        "device_users_24h", "device_purchases_24h", "device_users_10m", "device_purchases_10m",
        "ip_users_24h", "ip_purchases_24h", "ip_users_10m", "ip_purchases_10m"};

    /**
     * {@code fraud} with its device/IP counts replaced by {@code n}. The stream computes a
     * purchase's user half when the purchase reaches the user's state and receives the counts
     * later from the re-keyed path; this completes the vector to exactly what
     * {@link #fraudVector} gives with the counts known up front.
     */
    public static FeatureVector withNetworkCounts(FeatureVector fraud, NetworkCounts n) {
        if (fraud.kind() != FeatureDefinition.FRAUD) {
            throw new IllegalArgumentException("expected a FRAUD vector, got " + fraud.kind());
        }
        double[] values = fraud.values();
        int[] counts = {n.deviceUsers24h(), n.devicePurchases24h(), n.deviceUsers10m(), n.devicePurchases10m(),
            n.ipUsers24h(), n.ipPurchases24h(), n.ipUsers10m(), n.ipPurchases10m()};
        for (int i = 0; i < NETWORK_FEATURES.length; i++) {
            values[FeatureDefinition.FRAUD.indexOf(NETWORK_FEATURES[i])] = counts[i];
        }
        return new FeatureVector(FeatureDefinition.FRAUD, values, fraud.asOf());
    }

    /** End of the newest session that had ended by {@code t}: the current one once 30 minutes passed without events. */
    private static long latestFinishedSessionEnd(UserFeatureState s, long t) {
        if (!s.hasEvents) {
            return NONE;
        }
        if (t - s.lastEventMillis > UserFeatureState.SESSION_GAP.toMillis()) {
            return s.lastEventMillis;
        }
        return s.previousSessionEndMillis;
    }

    private static double hoursSince(long millis, long t) {
        if (millis == NONE) {
            return RECENCY_CAP_HOURS;
        }
        return Math.min(RECENCY_CAP_HOURS, Math.max(0, t - millis) / MILLIS_PER_HOUR);
    }

    private static double tenureDays(UserFeatureState s, long t) {
        if (!s.hasEvents) {
            return 0;
        }
        long start = s.firstSeenMillis;
        if (s.accountCreatedMillis != NONE) {
            start = Math.min(start, s.accountCreatedMillis);
        }
        return Math.max(0, t - start) / MILLIS_PER_DAY;
    }

    private static double distinct(long[] bits, int m) {
        return Math.round(UserFeatureState.linearCount(bits, m));
    }

    private static double distinctDevices(UserFeatureState s) {
        return Math.round(UserFeatureState.linearCount(Long.bitCount(s.deviceBits), UserFeatureState.DEVICE_BITS));
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    private static long sum(long[] counts, int from, int to) {
        long total = 0;
        for (int i = from; i < to; i++) {
            total += counts[i];
        }
        return total;
    }
}
