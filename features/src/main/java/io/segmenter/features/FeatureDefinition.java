package io.segmenter.features;

import static io.segmenter.features.FeatureUnit.COUNT;
import static io.segmenter.features.FeatureUnit.CURRENCY;
import static io.segmenter.features.FeatureUnit.DAYS;
import static io.segmenter.features.FeatureUnit.FLAG;
import static io.segmenter.features.FeatureUnit.HOURS;
import static io.segmenter.features.FeatureUnit.HOUR_OF_DAY;
import static io.segmenter.features.FeatureUnit.LOG_CURRENCY;
import static io.segmenter.features.FeatureUnit.LOG_SECONDS;
import static io.segmenter.features.FeatureUnit.MINUTES;
import static io.segmenter.features.FeatureUnit.RATIO;
import static io.segmenter.features.FeatureUnit.SHARE;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The one definition of the two feature vectors, shared by the stream and the trainer: names,
 * order, units and windows. {@link FeatureExtractor} fills them; {@link #versionHash()} goes into
 * every model bundle, and a bundle whose hash differs from the running one is rejected.
 *
 * <p>Windowed features are tile-aligned: a window W read at time t covers the tile containing t
 * and the W/size - 1 tiles before it (1 min tiles for 1m/10m/1h, 1 h tiles for 24h, 1 day UTC
 * tiles for 7d/30d); see {@link UserFeatureState}. Counts over a window whose denominator is 0
 * give 0, except where a description says otherwise.
 */
public enum FeatureDefinition {

    /** Per user, as of a point in time: what segmentation scores. */
    SEGMENT(List.of(
            spec("events_1m", COUNT, Windows.M1, "events (clicks and purchases) in the current minute"),
            spec("events_10m", COUNT, Windows.M10, "events in the last 10 minutes"),
            spec("purchases_10m", COUNT, Windows.M10, "orders in the last 10 minutes"),
            spec("events_1h", COUNT, Windows.H1, "events in the last hour"),
            spec("views_1h", COUNT, Windows.H1, "product views in the last hour"),
            spec("carts_1h", COUNT, Windows.H1, "add-to-cart actions in the last hour"),
            spec("purchases_1h", COUNT, Windows.H1, "orders in the last hour"),
            spec("events_24h", COUNT, Windows.H24, "events in the last 24 hours"),
            spec("views_24h", COUNT, Windows.H24, "product views in the last 24 hours"),
            spec("carts_24h", COUNT, Windows.H24, "add-to-cart actions in the last 24 hours"),
            spec("removes_24h", COUNT, Windows.H24, "remove-from-cart actions in the last 24 hours"),
            spec("wishlists_24h", COUNT, Windows.H24, "wish-list adds in the last 24 hours"),
            spec("purchases_24h", COUNT, Windows.H24, "orders in the last 24 hours"),
            spec("spend_24h", CURRENCY, Windows.H24, "money spent in the last 24 hours"),
            spec("views_7d", COUNT, Windows.D7, "product views in the last 7 days"),
            spec("carts_7d", COUNT, Windows.D7, "add-to-cart actions in the last 7 days"),
            spec("purchases_7d", COUNT, Windows.D7, "orders in the last 7 days"),
            spec("spend_7d", CURRENCY, Windows.D7, "money spent in the last 7 days"),
            spec("views_30d", COUNT, Windows.D30, "product views in the last 30 days"),
            spec("carts_30d", COUNT, Windows.D30, "add-to-cart actions in the last 30 days"),
            spec("removes_30d", COUNT, Windows.D30, "remove-from-cart actions in the last 30 days"),
            spec("wishlists_30d", COUNT, Windows.D30, "wish-list adds in the last 30 days"),
            spec("searches_30d", COUNT, Windows.D30, "searches in the last 30 days"),
            spec("purchases_30d", COUNT, Windows.D30, "orders in the last 30 days"),
            spec("spend_30d", CURRENCY, Windows.D30, "money spent in the last 30 days"),
            spec("avg_order_value_30d", CURRENCY, Windows.D30, "average order total over 30 days; 0 without orders"),
            spec("max_order_value_30d", CURRENCY, Windows.D30, "largest order total over 30 days; 0 without orders"),
            spec("view_to_cart_rate_30d", RATIO, Windows.D30, "carts / views over 30 days, at most 1; 0 without views"),
            spec("cart_to_purchase_rate_30d", RATIO, Windows.D30,
                    "items bought / carts over 30 days, at most 1; 0 without carts"),
            spec("cart_abandonment_rate_30d", RATIO, Windows.D30,
                    "share of carted items neither bought nor removed over 30 days; 0 without carts"),
            spec("purchase_days_7d", DAYS, Windows.D7, "distinct UTC days with an order in the last 7 days"),
            spec("purchase_days_30d", DAYS, Windows.D30, "distinct UTC days with an order in the last 30 days"),
            spec("sessions_30d", COUNT, Windows.D30, "sessions (30-minute inactivity gap) started in the last 30 days"),
            spec("avg_session_minutes_30d", MINUTES, Windows.D30,
                    "average length of those sessions, first to last event; 0 without sessions"),
            spec("avg_price_viewed_30d", CURRENCY, Windows.D30, "average unit price of priced views over 30 days; 0 when none"),
            spec("avg_price_bought_30d", CURRENCY, Windows.D30, "average unit price bought over 30 days; 0 when unknown"),
            spec("price_sensitivity_30d", RATIO, Windows.D30,
                    "avg price bought / avg price viewed over 30 days (not clipped); 1 when either is unknown"),
            spec("hours_since_last_purchase", HOURS, null, "hours since the last order, at most 720 (also when none)"),
            spec("hours_since_previous_session", HOURS, null,
                    "hours since the end of the latest finished session, at most 720 (also when none)"),
            spec("tenure_days", DAYS, null, "days since first seen or account creation, whichever is earlier"),
            spec("lifetime_spend", CURRENCY, null, "money spent since the current activity period began"),
            spec("lifetime_purchases", COUNT, null, "orders since the current activity period began"),
            spec("distinct_categories", COUNT, null, "distinct categories touched (estimate)"),
            spec("distinct_brands", COUNT, null, "distinct brands touched (estimate)"),
            spec("share_night", SHARE, null, "share of events at 00-06 UTC"),
            spec("share_morning", SHARE, null, "share of events at 06-12 UTC"),
            spec("share_afternoon", SHARE, null, "share of events at 12-18 UTC"),
            spec("share_evening", SHARE, null, "share of events at 18-24 UTC"),
            spec("share_weekend", SHARE, null, "share of events on Saturday or Sunday (UTC)"),
            spec("distinct_devices", COUNT, null, "distinct devices seen (estimate)"),
            spec("device_changes", COUNT, null, "times the device differed from the previous event's"),
            spec("ip_changes", COUNT, null, "times the IP address differed from the previous event's"))),

    /** Per purchase, causal (what was seen up to and including the purchase): what fraud scoring scores. */
    FRAUD(List.of(
            spec("amount", CURRENCY, null, "order total"),
            spec("log_amount", LOG_CURRENCY, null, "ln(1 + order total)"),
            spec("account_age_known", FLAG, null, "1 when the account creation time is known"),
            spec("account_age_hours", HOURS, null, "hours from account creation to the order; -1 when unknown"),
            spec("log_account_age_seconds", LOG_SECONDS, null,
                    "ln(1 + seconds from account creation to the order); -1 when unknown"),
            spec("minutes_since_first_seen", MINUTES, null, "minutes from the user's first event to the order"),
            spec("is_first_purchase", FLAG, null, "1 when this is the user's first order of the activity period"),
            spec("user_purchases_10m", COUNT, Windows.M10, "the user's orders in the last 10 minutes, this one included"),
            spec("user_purchases_24h", COUNT, Windows.H24, "the user's orders in the last 24 hours, this one included"),
            spec("user_events_10m", COUNT, Windows.M10, "the user's events in the last 10 minutes, this one included"),
            spec("hour_of_day", HOUR_OF_DAY, null, "UTC hour of the order"),
            spec("distinct_devices", COUNT, null, "distinct devices the user was seen on (estimate)"),
            spec("device_changes", COUNT, null, "times the user's device differed from the previous event's"),
            spec("device_known", FLAG, null, "1 when the order names a device"),
            spec("device_users_24h", COUNT, Windows.H24, "distinct users with an earlier order on this device in 24 hours"),
            spec("device_purchases_24h", COUNT, Windows.H24, "earlier orders on this device in 24 hours"),
            spec("device_users_10m", COUNT, Windows.M10, "distinct users with an earlier order on this device in 10 minutes"),
            spec("device_purchases_10m", COUNT, Windows.M10, "earlier orders on this device in 10 minutes"),
            spec("ip_known", FLAG, null, "1 when the order names an IP address"),
            spec("ip_users_24h", COUNT, Windows.H24, "distinct users with an earlier order from this IP in 24 hours"),
            spec("ip_purchases_24h", COUNT, Windows.H24, "earlier orders from this IP in 24 hours"),
            spec("ip_users_10m", COUNT, Windows.M10, "distinct users with an earlier order from this IP in 10 minutes"),
            spec("ip_purchases_10m", COUNT, Windows.M10, "earlier orders from this IP in 10 minutes")));

    /**
     * Bump when the arithmetic behind a feature changes while names, units and windows stay the
     * same; it is part of {@link #versionHash()}.
     */
    public static final int FORMAT_VERSION = 1;

    private final List<FeatureSpec> specs;
    private final List<String> names;
    private final Map<String, Integer> indexByName;

    FeatureDefinition(List<FeatureSpec> specs) {
        this.specs = List.copyOf(specs);
        this.names = specs.stream().map(FeatureSpec::name).toList();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            if (index.put(specs.get(i).name(), i) != null) {
                throw new IllegalStateException("duplicate feature " + specs.get(i).name());
            }
        }
        this.indexByName = Map.copyOf(index);
    }

    /** The features in vector order. */
    public List<FeatureSpec> specs() {
        return specs;
    }

    /** The feature names in vector order. */
    public List<String> names() {
        return names;
    }

    public int size() {
        return specs.size();
    }

    public FeatureSpec spec(int index) {
        return specs.get(index);
    }

    /** Position of {@code name} in the vector; {@link IllegalArgumentException} for a name this vector does not have. */
    public int indexOf(String name) {
        Integer i = indexByName.get(name);
        if (i == null) {
            throw new IllegalArgumentException("no feature " + name + " in " + this);
        }
        return i;
    }

    public boolean contains(String name) {
        return indexByName.containsKey(name);
    }

    /**
     * Lower-case hex SHA-256 of {@link #canonicalText()}: both vectors' names, order, units and
     * windows, the tile layout, the other constants that shape values, and {@link #FORMAT_VERSION}.
     */
    public static String versionHash() {
        return HashHolder.HASH;
    }

    /** The text {@link #versionHash()} digests; one fact per line, for diffing two versions. */
    public static String canonicalText() {
        StringBuilder sb = new StringBuilder();
        sb.append("segmenter-features format=").append(FORMAT_VERSION).append('\n');
        sb.append("tiles");
        for (TileRing.Level level : TileRing.Level.values()) {
            sb.append(' ').append(level.label()).append('=').append(level.tileMillis()).append('x').append(level.tiles());
        }
        sb.append('\n');
        sb.append("time-zone=UTC\n");
        sb.append("session-gap-ms=").append(UserFeatureState.SESSION_GAP.toMillis()).append('\n');
        sb.append("activity-period-gap-ms=").append(UserFeatureState.LONGEST_WINDOW.toMillis()).append('\n');
        sb.append("recency-cap-hours=").append((long) FeatureExtractor.RECENCY_CAP_HOURS).append('\n');
        sb.append("sketch category-bits=").append(UserFeatureState.CATEGORY_BITS)
                .append(" brand-bits=").append(UserFeatureState.BRAND_BITS)
                .append(" device-bits=").append(UserFeatureState.DEVICE_BITS).append('\n');
        sb.append("network long-ms=").append(NetworkActivityState.LONG_WINDOW.toMillis())
                .append(" short-ms=").append(NetworkActivityState.SHORT_WINDOW.toMillis())
                .append(" capacity=").append(NetworkActivityState.CAPACITY).append('\n');
        sb.append("hash=fnv1a64-utf8-fmix64\n");
        for (FeatureDefinition kind : values()) {
            sb.append(kind.name()).append(' ').append(kind.size()).append('\n');
            for (int i = 0; i < kind.size(); i++) {
                FeatureSpec s = kind.spec(i);
                sb.append(i).append(' ').append(s.name()).append(' ').append(s.unit().code()).append(' ')
                        .append(s.window() == null ? "-" : Long.toString(s.window().toMillis())).append('\n');
            }
        }
        return sb.toString();
    }

    private static FeatureSpec spec(String name, FeatureUnit unit, Duration window, String description) {
        return new FeatureSpec(name, unit, window, description);
    }

    /** Windows, in a holder because enum constants are built before the enum's own static fields. */
    private static final class Windows {
        static final Duration M1 = Duration.ofMinutes(1);
        static final Duration M10 = Duration.ofMinutes(10);
        static final Duration H1 = Duration.ofHours(1);
        static final Duration H24 = Duration.ofHours(24);
        static final Duration D7 = Duration.ofDays(7);
        static final Duration D30 = Duration.ofDays(30);
    }

    private static final class HashHolder {
        static final String HASH = sha256Hex(canonicalText());

        private static String sha256Hex(String text) {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is required of every JVM", e);
            }
        }
    }
}
