package io.segmenter.model;

import io.segmenter.features.FeatureDefinition;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * Seeded synthetic feature rows in the units of {@link FeatureDefinition}: four shopper segments
 * and legitimate versus fraudulent purchases. Plausible enough to train and explain a demo model;
 * not a model of any real shop.
 */
final class SyntheticShoppers {

    /** Rows in definition order and their labels (segment index, or 1 = fraud). */
    record Labeled(double[][] rows, int[] labels) {
    }

    /** A segment's typical behaviour, before per-user noise. */
    private record Profile(double eventsPerDay, double cartRate, double buyRate, double abandonment, double orderValue) {
    }

    static final int SEGMENTS = 4;

    private static final Profile[] PROFILES = {
        new Profile(12, 0.25, 0.60, 0.20, 120),  // frequent high-spend buyers
        new Profile(8, 0.03, 0.10, 0.50, 30),    // window shoppers
        new Profile(6, 0.30, 0.08, 0.80, 60),    // cart abandoners
        new Profile(0.4, 0.10, 0.30, 0.50, 40),  // dormant
    };

    private SyntheticShoppers() {
    }

    /** {@code n} users, segments in turn (0, 1, 2, 3, 0, ...). */
    static Labeled segmentRows(int n, Random random) {
        double[][] rows = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % SEGMENTS;
            rows[i] = user(PROFILES[labels[i]], random);
        }
        return new Labeled(rows, labels);
    }

    /** {@code n} purchases, each fraudulent with probability {@code fraudShare}. */
    static Labeled fraudRows(int n, double fraudShare, Random random) {
        double[][] rows = new double[n][];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextDouble() < fraudShare ? 1 : 0;
            rows[i] = labels[i] == 1 ? fraudulentPurchase(random) : legitimatePurchase(random);
        }
        return new Labeled(rows, labels);
    }

    private static double[] user(Profile p, Random r) {
        Map<String, Double> f = new HashMap<>();
        double events30 = p.eventsPerDay() * 30 * noise(r, 0.35);
        double views30 = Math.round(events30 * 0.85);
        double carts30 = Math.round(views30 * p.cartRate() * noise(r, 0.3));
        double purchases30 = Math.round(carts30 * p.buyRate() * noise(r, 0.3));
        double orderValue = p.orderValue() * noise(r, 0.3);
        double views7 = Math.round(views30 * 7 / 30 * noise(r, 0.3));
        double carts7 = Math.round(carts30 * 7 / 30 * noise(r, 0.3));
        double purchases7 = Math.min(purchases30, Math.round(purchases30 * 7 / 30 * noise(r, 0.3)));
        double events24 = Math.round(events30 / 30 * noise(r, 0.5));
        double views24 = Math.round(events24 * 0.85);
        double carts24 = Math.round(views24 * p.cartRate());
        double purchases24 = Math.min(purchases7, Math.round(purchases30 / 30 * noise(r, 0.5)));
        double events1h = Math.min(events24, Math.round(events24 / 12 * noise(r, 0.5)));
        double events10m = Math.min(events1h, Math.round(events1h / 4 * noise(r, 0.5)));
        double sessions30 = Math.max(events30 >= 1 ? 1 : 0, Math.round(events30 / 8 * noise(r, 0.3)));
        double priceViewed = 25 * noise(r, 0.6);
        double priceBought = purchases30 > 0 ? priceViewed * noise(r, 0.2) : 0;
        double tenure = 30 + exponential(r, 200);
        double lifetimePurchases = purchases30 + Math.round(purchases30 * (tenure / 30 - 1) * 0.5 * noise(r, 0.3));

        f.put("events_1m", Math.min(events10m, Math.round(events10m / 5 * noise(r, 0.5))));
        f.put("events_10m", events10m);
        f.put("purchases_10m", Math.min(purchases24, events10m > 0 && r.nextDouble() < p.buyRate() / 4 ? 1 : 0));
        f.put("events_1h", events1h);
        f.put("views_1h", (double) Math.round(events1h * 0.85));
        f.put("carts_1h", (double) Math.round(events1h * 0.85 * p.cartRate()));
        f.put("purchases_1h", Math.min(purchases24, Math.round(purchases24 / 6.0)));
        f.put("events_24h", events24);
        f.put("views_24h", views24);
        f.put("carts_24h", carts24);
        f.put("removes_24h", (double) Math.round(carts24 * 0.1 * noise(r, 0.5)));
        f.put("wishlists_24h", (double) Math.round(views24 * 0.02 * noise(r, 0.5)));
        f.put("purchases_24h", purchases24);
        f.put("spend_24h", cents(purchases24 * orderValue));
        f.put("views_7d", views7);
        f.put("carts_7d", carts7);
        f.put("purchases_7d", purchases7);
        f.put("spend_7d", cents(purchases7 * orderValue));
        f.put("views_30d", views30);
        f.put("carts_30d", carts30);
        f.put("removes_30d", (double) Math.round(carts30 * 0.1 * noise(r, 0.5)));
        f.put("wishlists_30d", (double) Math.round(views30 * 0.02 * noise(r, 0.5)));
        f.put("searches_30d", (double) Math.round(events30 * 0.1 * noise(r, 0.5)));
        f.put("purchases_30d", purchases30);
        f.put("spend_30d", cents(purchases30 * orderValue));
        f.put("avg_order_value_30d", purchases30 > 0 ? cents(orderValue) : 0);
        f.put("max_order_value_30d", purchases30 > 0 ? cents(orderValue * (1 + 0.5 * r.nextDouble())) : 0);
        f.put("view_to_cart_rate_30d", views30 > 0 ? Math.min(1, carts30 / views30) : 0);
        f.put("cart_to_purchase_rate_30d", carts30 > 0 ? Math.min(1, purchases30 * 1.2 / carts30) : 0);
        f.put("cart_abandonment_rate_30d", carts30 > 0 ? clamp01(p.abandonment() + 0.08 * r.nextGaussian()) : 0);
        f.put("purchase_days_7d", Math.min(7, Math.round(purchases7 * 0.9)) * 1.0);
        f.put("purchase_days_30d", Math.min(30, Math.round(purchases30 * 0.8)) * 1.0);
        f.put("sessions_30d", sessions30);
        f.put("avg_session_minutes_30d", sessions30 > 0 ? 4 + 10 * noise(r, 0.5) : 0);
        f.put("avg_price_viewed_30d", cents(priceViewed));
        f.put("avg_price_bought_30d", cents(priceBought));
        f.put("price_sensitivity_30d", priceBought > 0 ? priceBought / priceViewed : 1);
        f.put("hours_since_last_purchase", purchases30 > 0 ? Math.min(720, exponential(r, 720 / (purchases30 + 1))) : 720);
        f.put("hours_since_previous_session", Math.min(720, exponential(r, 720 / (sessions30 + 1))));
        f.put("tenure_days", Math.floor(tenure));
        f.put("lifetime_spend", cents(lifetimePurchases * orderValue));
        f.put("lifetime_purchases", lifetimePurchases);
        f.put("distinct_categories", (double) Math.round(Math.sqrt(views30) * 1.5 * noise(r, 0.3)));
        f.put("distinct_brands", (double) Math.round(Math.sqrt(views30) * 1.2 * noise(r, 0.3)));
        double[] parts = {exponential(r, 0.5), exponential(r, 1), exponential(r, 1), exponential(r, 1.5)};
        double total = parts[0] + parts[1] + parts[2] + parts[3];
        f.put("share_night", parts[0] / total);
        f.put("share_morning", parts[1] / total);
        f.put("share_afternoon", parts[2] / total);
        f.put("share_evening", parts[3] / total);
        f.put("share_weekend", clamp01(0.28 + 0.1 * r.nextGaussian()));
        f.put("distinct_devices", r.nextDouble() < 0.3 ? 2.0 : 1.0);
        f.put("device_changes", (double) Math.round(sessions30 * 0.1 * noise(r, 0.5)));
        f.put("ip_changes", (double) Math.round(sessions30 * 0.2 * noise(r, 0.5)));
        return inDefinitionOrder(FeatureDefinition.SEGMENT, f);
    }

    private static double[] legitimatePurchase(Random r) {
        Map<String, Double> f = new HashMap<>();
        amountAndAccount(f, cents(Math.exp(Math.log(45) + 0.7 * r.nextGaussian())),
                r.nextDouble() < 0.9 ? 1 + exponential(r, 2000) : -1);
        f.put("minutes_since_first_seen", exponential(r, 30_000));
        f.put("is_first_purchase", r.nextDouble() < 0.3 ? 1.0 : 0.0);
        double purchases10m = r.nextDouble() < 0.03 ? 2 : 1;
        f.put("user_purchases_10m", purchases10m);
        f.put("user_purchases_24h", purchases10m + (r.nextDouble() < 0.2 ? 1 : 0));
        f.put("user_events_10m", purchases10m + Math.round(exponential(r, 4)));
        f.put("hour_of_day", Math.floor(24 * r.nextDouble()));
        f.put("distinct_devices", r.nextDouble() < 0.2 ? 2.0 : 1.0);
        f.put("device_changes", (double) Math.round(exponential(r, 1)));
        network(f, "device", r.nextDouble() < 0.95, r.nextDouble() < 0.05 ? 1 : 0, r.nextDouble() < 0.1 ? 1 : 0, 0);
        network(f, "ip", r.nextDouble() < 0.95, r.nextDouble() < 0.1 ? 1 : 0, r.nextDouble() < 0.1 ? 1 : 0, 0);
        return inDefinitionOrder(FeatureDefinition.FRAUD, f);
    }

    /** A fresh account buying within about a minute of sign-up, on a device and IP shared with other buyers. */
    private static double[] fraudulentPurchase(Random r) {
        Map<String, Double> f = new HashMap<>();
        double ageHours = 0.02 * r.nextDouble();
        amountAndAccount(f, cents(Math.exp(Math.log(110) + 0.6 * r.nextGaussian())), ageHours);
        f.put("minutes_since_first_seen", ageHours * 60);
        f.put("is_first_purchase", 1.0);
        f.put("user_purchases_10m", 1.0);
        f.put("user_purchases_24h", 1.0);
        f.put("user_events_10m", 1.0 + Math.round(r.nextDouble()));
        f.put("hour_of_day", Math.floor(24 * r.nextDouble()));
        f.put("distinct_devices", 1.0);
        f.put("device_changes", 0.0);
        double deviceUsers = 2 + Math.round(exponential(r, 3));
        network(f, "device", true, deviceUsers, 1, Math.round(deviceUsers * r.nextDouble()));
        double ipUsers = 2 + Math.round(exponential(r, 3));
        network(f, "ip", true, ipUsers, 1, Math.round(ipUsers * r.nextDouble()));
        return inDefinitionOrder(FeatureDefinition.FRAUD, f);
    }

    /** {@code ageHours} below 0 means the account creation time is unknown. */
    private static void amountAndAccount(Map<String, Double> f, double amount, double ageHours) {
        boolean known = ageHours >= 0;
        f.put("amount", amount);
        f.put("log_amount", Math.log1p(amount));
        f.put("account_age_known", known ? 1.0 : 0.0);
        f.put("account_age_hours", known ? ageHours : -1);
        f.put("log_account_age_seconds", known ? Math.log1p(ageHours * 3600) : -1);
    }

    /** The causal device or IP counts; all 0 when the purchase does not name one. */
    private static void network(Map<String, Double> f, String prefix, boolean known, double users24h,
                                double extraPurchases24h, double users10m) {
        double k = known ? 1 : 0;
        f.put(prefix + "_known", k);
        f.put(prefix + "_users_24h", k * users24h);
        f.put(prefix + "_purchases_24h", k * (users24h + extraPurchases24h));
        f.put(prefix + "_users_10m", k * users10m);
        f.put(prefix + "_purchases_10m", k * users10m);
    }

    private static double[] inDefinitionOrder(FeatureDefinition def, Map<String, Double> values) {
        if (values.size() != def.size()) {
            throw new IllegalStateException("synthetic " + def + " row has " + values.size() + " of " + def.size() + " features");
        }
        double[] row = new double[def.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = values.get(def.spec(i).name());
        }
        return row;
    }

    /** Log-normal multiplier with median 1. */
    private static double noise(Random r, double sigma) {
        return Math.exp(sigma * r.nextGaussian());
    }

    private static double exponential(Random r, double mean) {
        return -mean * Math.log(1 - r.nextDouble());
    }

    private static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static double cents(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
