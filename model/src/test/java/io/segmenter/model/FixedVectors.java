package io.segmenter.model;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureVector;
import java.time.Instant;
import java.util.Map;

/** Hand-written vectors whose outputs the golden tests pin. Features not named are 0. */
final class FixedVectors {

    static final Instant AS_OF = Instant.parse("2026-03-01T12:00:00Z");

    private FixedVectors() {
    }

    /** Buys on many days with large orders. */
    static FeatureVector frequentBuyer() {
        return vector(FeatureDefinition.SEGMENT, Map.ofEntries(
                Map.entry("events_10m", 1.0), Map.entry("events_1h", 2.0), Map.entry("views_1h", 2.0),
                Map.entry("events_24h", 14.0), Map.entry("views_24h", 12.0), Map.entry("carts_24h", 3.0),
                Map.entry("purchases_24h", 2.0), Map.entry("spend_24h", 240.0),
                Map.entry("views_7d", 80.0), Map.entry("carts_7d", 20.0), Map.entry("purchases_7d", 12.0),
                Map.entry("spend_7d", 1500.0), Map.entry("views_30d", 300.0), Map.entry("carts_30d", 75.0),
                Map.entry("removes_30d", 8.0), Map.entry("wishlists_30d", 6.0), Map.entry("searches_30d", 40.0),
                Map.entry("purchases_30d", 45.0), Map.entry("spend_30d", 5400.0), Map.entry("avg_order_value_30d", 120.0),
                Map.entry("max_order_value_30d", 170.0), Map.entry("view_to_cart_rate_30d", 0.25),
                Map.entry("cart_to_purchase_rate_30d", 0.72), Map.entry("cart_abandonment_rate_30d", 0.2),
                Map.entry("purchase_days_7d", 7.0), Map.entry("purchase_days_30d", 30.0), Map.entry("sessions_30d", 45.0),
                Map.entry("avg_session_minutes_30d", 14.0), Map.entry("avg_price_viewed_30d", 25.0),
                Map.entry("avg_price_bought_30d", 26.0), Map.entry("price_sensitivity_30d", 1.04),
                Map.entry("hours_since_last_purchase", 10.0), Map.entry("hours_since_previous_session", 12.0),
                Map.entry("tenure_days", 200.0), Map.entry("lifetime_spend", 20000.0), Map.entry("lifetime_purchases", 160.0),
                Map.entry("distinct_categories", 26.0), Map.entry("distinct_brands", 21.0), Map.entry("share_night", 0.1),
                Map.entry("share_morning", 0.25), Map.entry("share_afternoon", 0.3), Map.entry("share_evening", 0.35),
                Map.entry("share_weekend", 0.3), Map.entry("distinct_devices", 1.0), Map.entry("device_changes", 4.0),
                Map.entry("ip_changes", 9.0)));
    }

    /** A purchase 36 s after sign-up on a device and an IP four other buyers used today. */
    static FeatureVector freshAccountOnSharedDevice() {
        return vector(FeatureDefinition.FRAUD, Map.ofEntries(
                Map.entry("amount", 149.99), Map.entry("log_amount", Math.log1p(149.99)),
                Map.entry("account_age_known", 1.0), Map.entry("account_age_hours", 0.01),
                Map.entry("log_account_age_seconds", Math.log1p(36)), Map.entry("minutes_since_first_seen", 0.6),
                Map.entry("is_first_purchase", 1.0), Map.entry("user_purchases_10m", 1.0),
                Map.entry("user_purchases_24h", 1.0), Map.entry("user_events_10m", 2.0), Map.entry("hour_of_day", 3.0),
                Map.entry("distinct_devices", 1.0), Map.entry("device_known", 1.0), Map.entry("device_users_24h", 4.0),
                Map.entry("device_purchases_24h", 5.0), Map.entry("device_users_10m", 2.0),
                Map.entry("device_purchases_10m", 2.0), Map.entry("ip_known", 1.0), Map.entry("ip_users_24h", 4.0),
                Map.entry("ip_purchases_24h", 5.0), Map.entry("ip_users_10m", 1.0), Map.entry("ip_purchases_10m", 1.0)));
    }

    /** An ordinary repeat purchase on the buyer's own device. */
    static FeatureVector ordinaryPurchase() {
        return vector(FeatureDefinition.FRAUD, Map.ofEntries(
                Map.entry("amount", 42.5), Map.entry("log_amount", Math.log1p(42.5)),
                Map.entry("account_age_known", 1.0), Map.entry("account_age_hours", 1500.0),
                Map.entry("log_account_age_seconds", Math.log1p(1500.0 * 3600)),
                Map.entry("minutes_since_first_seen", 25_000.0), Map.entry("user_purchases_10m", 1.0),
                Map.entry("user_purchases_24h", 1.0), Map.entry("user_events_10m", 5.0), Map.entry("hour_of_day", 14.0),
                Map.entry("distinct_devices", 1.0), Map.entry("device_changes", 1.0), Map.entry("device_known", 1.0),
                Map.entry("ip_known", 1.0)));
    }

    private static FeatureVector vector(FeatureDefinition kind, Map<String, Double> values) {
        double[] row = new double[kind.size()];
        values.forEach((name, value) -> row[kind.indexOf(name)] = value);
        return new FeatureVector(kind, row, AS_OF);
    }
}
