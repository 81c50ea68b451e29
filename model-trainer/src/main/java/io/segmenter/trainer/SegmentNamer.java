package io.segmenter.trainer;

import io.segmenter.features.FeatureSpec;
import io.segmenter.features.FeatureUnit;
import io.segmenter.model.Standardizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names and describes clusters from what sets them apart, with no hand labels.
 *
 * <p><b>Deviations.</b> For each segment and feature, z = the segment's mean standardized value
 * minus the population's, in population standard deviations (after the {@link Standardizer}'s
 * transform, so one heavy user does not make a segment "high-spend").
 *
 * <p><b>Names.</b> A fixed list of analyst archetypes, each a rule on the z-values (for example
 * "cart abandoners": carts_30d at least +0.5 and either the abandonment rate at least +0.5 or
 * cart-to-purchase at most -0.5) whose strength is the summed z-evidence of its defining
 * features, so a two-feature archetype ("frequent high-spend buyers") beats its one-feature parent
 * ("frequent buyers") when both features are high. z-scores are relative to the population; the
 * one absolute check is that "frequent" needs at least {@value #FREQUENT_PURCHASE_DAYS} buying
 * days in 30 days on average. All (segment, archetype) matches are ranked by strength and handed
 * out greedily, each archetype at most once, so the segment that fits a name best gets it. A
 * segment left without a name gets its best archetype qualified by its strongest deviation
 * ("browsers, high share night"), or with no match "high/low" plus that deviation; a numeric
 * suffix settles any remaining clash. Names are unique.
 *
 * <p><b>Descriptions.</b> Size and share, then the three features with the largest |z| in
 * original units against the population ("buys on 5.2 distinct days in 30 days vs 0.8
 * overall"), one per quantity (of {@code purchases_7d}, {@code purchases_30d} and
 * {@code lifetime_purchases}, only the first). Windows shorter than an hour are left out of
 * descriptions and names: at a snapshot they say more about the minute the snapshot was taken
 * than about the user.
 */
public final class SegmentNamer {

    /** |z| from which a feature counts as high or low for a name. */
    static final double HIGH = 0.5;
    /**
     * "Frequent" also needs this many buying days in 30 days on average, so that a segment is not
     * called frequent only because nobody else buys at all.
     */
    static final double FREQUENT_PURCHASE_DAYS = 1.5;
    /** Features with shorter windows do not name or describe segments. */
    static final Duration SHORTEST_DESCRIBED_WINDOW = Duration.ofHours(1);
    private static final int DESCRIBED_FEATURES = 3;

    private SegmentNamer() {
    }

    /**
     * Profiles of the {@code k} segments.
     *
     * @param specs        the features of each row, in order (normally {@code FeatureDefinition.SEGMENT.specs()})
     * @param raw          the users' raw vectors
     * @param standardizer the standardizer the clustering used
     * @param labels       each user's segment, in {@code 0..k-1}
     * @param k            number of segments
     * @return one profile per segment, in segment order; an empty segment gets size 0 and the name "empty segment N"
     */
    public static List<SegmentProfile> describe(List<FeatureSpec> specs, double[][] raw, Standardizer standardizer,
            int[] labels, int k) {
        int n = raw.length;
        int d = specs.size();
        if (labels.length != n || n == 0) {
            throw new IllegalArgumentException(n + " rows and " + labels.length + " labels");
        }
        if (standardizer.size() != d || !standardizer.names().equals(specs.stream().map(FeatureSpec::name).toList())) {
            throw new IllegalArgumentException("the standardizer's features differ from the specs");
        }
        double[] populationRaw = new double[d];
        double[] populationZ = new double[d];
        double[][] segmentRaw = new double[k][d];
        double[][] segmentZ = new double[k][d];
        int[] sizes = new int[k];
        for (int i = 0; i < n; i++) {
            double[] z = standardizer.transform(raw[i]);
            int c = labels[i];
            if (c < 0 || c >= k) {
                throw new IllegalArgumentException("label " + c + " of row " + i + " is not in 0.." + (k - 1));
            }
            sizes[c]++;
            for (int j = 0; j < d; j++) {
                populationRaw[j] += raw[i][j] / n;
                populationZ[j] += z[j] / n;
                segmentRaw[c][j] += raw[i][j];
                segmentZ[c][j] += z[j];
            }
        }
        List<List<SegmentProfile.Deviation>> deviations = new ArrayList<>();
        List<Map<String, Double>> zByName = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            List<SegmentProfile.Deviation> devs = new ArrayList<>();
            Map<String, Double> named = new HashMap<>();
            for (int j = 0; j < d; j++) {
                if (sizes[c] == 0 || standardizer.isConstant(j)) {
                    continue;
                }
                double z = segmentZ[c][j] / sizes[c] - populationZ[j];
                devs.add(new SegmentProfile.Deviation(specs.get(j).name(), z, segmentRaw[c][j] / sizes[c], populationRaw[j]));
                if (describable(specs.get(j))) {
                    named.put(specs.get(j).name(), z);
                }
            }
            devs.sort(Comparator.comparingDouble((SegmentProfile.Deviation v) -> -Math.abs(v.z()))
                    .thenComparing(SegmentProfile.Deviation::feature));
            deviations.add(devs);
            zByName.add(named);
        }
        String[] names = names(specs, zByName, deviations, sizes);
        Map<String, FeatureSpec> specByName = new HashMap<>();
        specs.forEach(s -> specByName.put(s.name(), s));
        List<SegmentProfile> out = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            double share = (double) sizes[c] / n;
            out.add(new SegmentProfile(c, names[c], describe(sizes[c], share, deviations.get(c), specByName), sizes[c], share,
                    deviations.get(c)));
        }
        return out;
    }

    private static boolean describable(FeatureSpec spec) {
        return spec.window() == null || spec.window().compareTo(SHORTEST_DESCRIBED_WINDOW) >= 0;
    }

    // ---- names ----

    /** An analyst word and how strongly a segment's z-values fit it (at most 0: not at all). */
    private record Archetype(String name, ToDoubleFunction<Z> strength) {
    }

    /** A segment's z-values by feature name; 0 for a feature that is absent, constant or too short-windowed. */
    private record Z(Map<String, Double> byName, List<SegmentProfile.Deviation> deviations) {
        double of(String feature) {
            return byName.getOrDefault(feature, 0.0);
        }

        /** The segment's mean raw value of {@code feature}; 0 when the feature is absent or constant. */
        double raw(String feature) {
            return deviations.stream().filter(d -> d.feature().equals(feature)).findFirst()
                    .map(SegmentProfile.Deviation::segmentMean).orElse(0.0);
        }

        boolean frequent() {
            return raw("purchase_days_30d") >= FREQUENT_PURCHASE_DAYS;
        }

        double maxAbs() {
            return byName.values().stream().mapToDouble(Math::abs).max().orElse(0);
        }
    }

    private static final List<Archetype> ARCHETYPES = List.of(
            new Archetype("frequent high-spend buyers", z -> all(z.of("purchase_days_30d") >= HIGH && z.of("spend_30d") >= HIGH,
                    z.frequent(), z.of("purchase_days_30d") + z.of("spend_30d"))),
            new Archetype("frequent buyers", z -> all(frequency(z) >= HIGH, z.frequent(), frequency(z))),
            new Archetype("high-spend buyers", z -> all(z.of("spend_30d") >= HIGH, true, z.of("spend_30d"))),
            new Archetype("big-ticket buyers", z -> all(orderValue(z) >= HIGH, !z.frequent(), orderValue(z))),
            new Archetype("recent buyers", z -> all(-z.of("hours_since_last_purchase") >= HIGH, !z.frequent(),
                    -z.of("hours_since_last_purchase"))),
            new Archetype("cart abandoners", z -> all(z.of("carts_30d") >= HIGH, abandonment(z) >= HIGH,
                    z.of("carts_30d") + abandonment(z))),
            new Archetype("wish-listers", z -> all(z.of("wishlists_30d") >= HIGH, frequency(z) < HIGH, z.of("wishlists_30d"))),
            new Archetype("browsers", z -> all(-z.of("purchase_days_30d") >= 0.25,
                    z.of("views_30d") > -0.25 && z.of("carts_30d") < HIGH,
                    -z.of("purchase_days_30d") + Math.max(0, z.of("views_30d")))),
            new Archetype("occasional shoppers", z -> all(-frequency(z) >= HIGH, true, -frequency(z))),
            new Archetype("dormant", z -> Math.max(
                    all(recentActivity(z) <= -HIGH, true, -recentActivity(z)),
                    all(z.of("hours_since_previous_session") >= HIGH, z.of("views_7d") <= 0,
                            z.of("hours_since_previous_session")))),
            new Archetype("newcomers", z -> all(-z.of("tenure_days") >= HIGH, true, -z.of("tenure_days"))),
            new Archetype("active right now", z -> all(z.of("events_1h") >= HIGH, true, z.of("events_1h"))),
            new Archetype("category explorers", z -> all(z.of("distinct_categories") >= 0.8, true, z.of("distinct_categories"))),
            new Archetype("bargain hunters", z -> all(-z.of("price_sensitivity_30d") >= HIGH, true, -z.of("price_sensitivity_30d"))),
            new Archetype("multi-device users", z -> all(devices(z) >= 0.8, true, devices(z))),
            new Archetype("night owls", z -> all(z.of("share_night") >= 0.8, true, z.of("share_night"))),
            new Archetype("weekend shoppers", z -> all(z.of("share_weekend") >= 0.8, true, z.of("share_weekend"))),
            new Archetype("typical users", z -> all(z.maxAbs() < 0.35, true, 1e-6)));

    /** {@code strength} when both conditions hold, else 0 (no match). */
    private static double all(boolean defining, boolean guard, double strength) {
        return defining && guard ? strength : 0;
    }

    private static double frequency(Z z) {
        return Math.max(z.of("purchase_days_30d"), z.of("purchases_30d"));
    }

    private static double orderValue(Z z) {
        return Math.max(z.of("avg_order_value_30d"), z.of("max_order_value_30d"));
    }

    private static double abandonment(Z z) {
        return Math.max(z.of("cart_abandonment_rate_30d"), -z.of("cart_to_purchase_rate_30d"));
    }

    private static double recentActivity(Z z) {
        return (z.of("events_24h") + z.of("views_7d")) / 2;
    }

    private static double devices(Z z) {
        return Math.max(z.of("distinct_devices"), z.of("device_changes"));
    }

    private record Match(int segment, int archetype, double strength) {
    }

    private static String[] names(List<FeatureSpec> specs, List<Map<String, Double>> zByName,
            List<List<SegmentProfile.Deviation>> deviations, int[] sizes) {
        int k = sizes.length;
        List<Match> matches = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            if (sizes[c] == 0) {
                continue;
            }
            Z z = new Z(zByName.get(c), deviations.get(c));
            for (int a = 0; a < ARCHETYPES.size(); a++) {
                double s = ARCHETYPES.get(a).strength().applyAsDouble(z);
                if (s > 0) {
                    matches.add(new Match(c, a, s));
                }
            }
        }
        matches.sort(Comparator.comparingDouble((Match m) -> -m.strength()).thenComparingInt(Match::segment)
                .thenComparingInt(Match::archetype));
        String[] names = new String[k];
        Set<Integer> usedArchetypes = new HashSet<>();
        for (Match m : matches) {
            if (names[m.segment()] == null && usedArchetypes.add(m.archetype())) {
                names[m.segment()] = ARCHETYPES.get(m.archetype()).name();
            }
        }
        Map<String, FeatureSpec> specByName = new HashMap<>();
        specs.forEach(s -> specByName.put(s.name(), s));
        Set<String> taken = new HashSet<>();
        for (String name : names) {
            if (name != null) {
                taken.add(name);
            }
        }
        for (int c = 0; c < k; c++) {
            if (names[c] != null) {
                continue;
            }
            String name;
            if (sizes[c] == 0) {
                name = "empty segment " + (c + 1);
            } else {
                final int segment = c;
                String base = matches.stream().filter(m -> m.segment() == segment).findFirst()
                        .map(m -> ARCHETYPES.get(m.archetype()).name()).orElse(null);
                SegmentProfile.Deviation top = deviations.get(c).stream()
                        .filter(v -> describable(specByName.get(v.feature()))).findFirst().orElse(null);
                String qualifier = top == null ? "no distinguishing feature"
                        : (top.z() >= 0 ? "high " : "low ") + humanise(top.feature());
                name = base == null ? qualifier : base + ", " + qualifier;
            }
            String unique = name;
            for (int suffix = 2; taken.contains(unique); suffix++) {
                unique = name + " " + suffix;
            }
            taken.add(unique);
            names[c] = unique;
        }
        return names;
    }

    // ---- descriptions ----

    private static final Map<String, String> PHRASES = Map.ofEntries(
            Map.entry("purchase_days_30d", "buys on %s distinct days in 30 days vs %s overall"),
            Map.entry("purchase_days_7d", "buys on %s distinct days in 7 days vs %s overall"),
            Map.entry("purchases_30d", "places %s orders in 30 days vs %s overall"),
            Map.entry("purchases_7d", "places %s orders in 7 days vs %s overall"),
            Map.entry("purchases_24h", "places %s orders in 24 hours vs %s overall"),
            Map.entry("lifetime_purchases", "has placed %s orders in all vs %s overall"),
            Map.entry("spend_30d", "spends %s in 30 days vs %s overall"),
            Map.entry("spend_7d", "spends %s in 7 days vs %s overall"),
            Map.entry("lifetime_spend", "has spent %s in all vs %s overall"),
            Map.entry("avg_order_value_30d", "average order %s vs %s overall"),
            Map.entry("max_order_value_30d", "largest order %s vs %s overall"),
            Map.entry("views_30d", "views %s products in 30 days vs %s overall"),
            Map.entry("views_7d", "views %s products in 7 days vs %s overall"),
            Map.entry("views_24h", "views %s products in 24 hours vs %s overall"),
            Map.entry("carts_30d", "adds %s items to the cart in 30 days vs %s overall"),
            Map.entry("carts_7d", "adds %s items to the cart in 7 days vs %s overall"),
            Map.entry("carts_24h", "adds %s items to the cart in 24 hours vs %s overall"),
            Map.entry("wishlists_30d", "wish-lists %s items in 30 days vs %s overall"),
            Map.entry("wishlists_24h", "wish-lists %s items in 24 hours vs %s overall"),
            Map.entry("events_24h", "has %s events in 24 hours vs %s overall"),
            Map.entry("view_to_cart_rate_30d", "carts %s of the products viewed vs %s overall"),
            Map.entry("cart_to_purchase_rate_30d", "buys %s of the items carted vs %s overall"),
            Map.entry("cart_abandonment_rate_30d", "leaves %s of carted items in the cart vs %s overall"),
            Map.entry("sessions_30d", "has %s sessions in 30 days vs %s overall"),
            Map.entry("avg_session_minutes_30d", "sessions last %s vs %s overall"),
            Map.entry("hours_since_last_purchase", "last order %s ago vs %s overall (720 h when none in 30 days)"),
            Map.entry("hours_since_previous_session", "last finished session %s ago vs %s overall"),
            Map.entry("tenure_days", "known for %s days vs %s overall"),
            Map.entry("distinct_categories", "touches %s categories vs %s overall"),
            Map.entry("distinct_brands", "touches %s brands vs %s overall"),
            Map.entry("share_night", "%s of activity at 00-06 UTC vs %s overall"),
            Map.entry("share_morning", "%s of activity at 06-12 UTC vs %s overall"),
            Map.entry("share_afternoon", "%s of activity at 12-18 UTC vs %s overall"),
            Map.entry("share_evening", "%s of activity at 18-24 UTC vs %s overall"),
            Map.entry("share_weekend", "%s of activity at weekends vs %s overall"));

    private static String describe(int size, double share, List<SegmentProfile.Deviation> deviations,
            Map<String, FeatureSpec> specByName) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%,d users (%.0f%%)", size, share * 100));
        int written = 0;
        Set<String> families = new HashSet<>();
        for (SegmentProfile.Deviation v : deviations) {
            FeatureSpec spec = specByName.get(v.feature());
            if (written == DESCRIBED_FEATURES || Math.abs(v.z()) < 0.1) {
                break;
            }
            if (!describable(spec) || !families.add(family(spec.name()))) {
                continue;
            }
            sb.append(written == 0 ? ": " : "; ");
            String phrase = PHRASES.getOrDefault(spec.name(), spec.description() + ": %s vs %s overall");
            sb.append(String.format(Locale.ROOT, phrase, format(spec.unit(), v.segmentMean()),
                    format(spec.unit(), v.populationMean())));
            written++;
        }
        if (written == 0) {
            sb.append(": close to the population on every feature");
        }
        return sb.toString();
    }

    /** A value in its unit, for a reader. */
    static String format(FeatureUnit unit, double value) {
        return switch (unit) {
            case CURRENCY -> String.format(Locale.ROOT, "%,.2f", value);
            case RATIO, SHARE, FLAG -> String.format(Locale.ROOT, "%.0f%%", value * 100);
            case HOURS -> String.format(Locale.ROOT, value >= 10 ? "%,.0f h" : "%.1f h", value);
            case MINUTES -> String.format(Locale.ROOT, "%.1f min", value);
            case LOG_CURRENCY, LOG_SECONDS -> String.format(Locale.ROOT, "%.2f", value);
            case COUNT, DAYS, HOUR_OF_DAY -> String.format(Locale.ROOT,
                    Math.abs(value) >= 100 ? "%,.0f" : value == 0 || Math.abs(value) >= 0.1 ? "%.1f" : "%.2f", value);
        };
    }

    /** A feature name for a "high ..." qualifier: {@code views_30d} becomes "views (30d)". */
    static String humanise(String feature) {
        Matcher m = WINDOW_SUFFIX.matcher(feature);
        return m.find()
                ? feature.substring(0, m.start()).replace('_', ' ') + " (" + m.group(1) + ")"
                : feature.replace('_', ' ');
    }

    /**
     * The quantity a feature measures, whatever its window: {@code purchases_7d}, {@code purchases_30d}
     * and {@code lifetime_purchases} are all "purchases". A description names each quantity once.
     */
    static String family(String feature) {
        String stem = WINDOW_SUFFIX.matcher(feature).replaceFirst("");
        return stem.startsWith("lifetime_") ? stem.substring("lifetime_".length()) : stem;
    }

    private static final Pattern WINDOW_SUFFIX = Pattern.compile("_(\\d+[mhd])$");
}
