package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureSpec;
import io.segmenter.features.FeatureUnit;
import io.segmenter.model.Standardizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SegmentNamerTest {

    private static final List<FeatureSpec> SPECS = FeatureDefinition.SEGMENT.specs();
    private static final int PER_GROUP = 30;

    /** Four behaviours an analyst would name; every value jittered by up to 20% except where noted. */
    private static final List<Map<String, Double>> GROUPS = List.of(
            Map.of("purchase_days_30d", 6.0, "purchases_30d", 8.0, "spend_30d", 500.0, "views_30d", 30.0,
                    "views_7d", 10.0, "events_24h", 5.0, "hours_since_last_purchase", 30.0,
                    "hours_since_previous_session", 20.0),
            Map.of("carts_30d", 12.0, "cart_abandonment_rate_30d", 0.9, "views_30d", 30.0, "views_7d", 10.0,
                    "events_24h", 5.0, "hours_since_last_purchase", 720.0, "hours_since_previous_session", 20.0),
            Map.of("views_30d", 80.0, "views_7d", 20.0, "events_24h", 8.0, "hours_since_last_purchase", 720.0,
                    "hours_since_previous_session", 20.0),
            Map.of("hours_since_last_purchase", 720.0, "hours_since_previous_session", 700.0, "views_30d", 2.0));

    /** Rows of the four groups; labels are the group, or with {@code splitBrowsers} 0, 1, 2|3 (browsers alternately), 4. */
    private static double[][] rows(int[] labels, boolean splitBrowsers) {
        Random random = new Random(17);
        List<double[]> rows = new ArrayList<>();
        int at = 0;
        for (int g = 0; g < GROUPS.size(); g++) {
            for (int i = 0; i < PER_GROUP; i++) {
                double[] row = new double[SPECS.size()];
                for (Map.Entry<String, Double> e : GROUPS.get(g).entrySet()) {
                    boolean exact = g == 0 && e.getKey().equals("purchase_days_30d");
                    row[FeatureDefinition.SEGMENT.indexOf(e.getKey())] =
                            exact ? e.getValue() : e.getValue() * (1 + 0.2 * (2 * random.nextDouble() - 1));
                }
                rows.add(row);
                labels[at++] = !splitBrowsers || g < 2 ? g : g == 2 ? 2 + i % 2 : 4;
            }
        }
        return rows.toArray(double[][]::new);
    }

    @Test
    void namesEachSegmentFromWhatSetsItApart() {
        int[] labels = new int[GROUPS.size() * PER_GROUP];
        double[][] raw = rows(labels, false);
        Standardizer standardizer = Standardizer.fit(SPECS, raw);

        List<SegmentProfile> profiles = SegmentNamer.describe(SPECS, raw, standardizer, labels, 4);

        assertThat(profiles).extracting(SegmentProfile::name)
                .containsExactly("frequent high-spend buyers", "cart abandoners", "browsers", "dormant");
        assertThat(profiles).extracting(SegmentProfile::size).containsOnly(PER_GROUP);
        assertThat(profiles.get(0).deviations().get(0).feature()).isEqualTo("purchase_days_30d");
        assertThat(profiles.get(0).description())
                .startsWith("30 users (25%): buys on 6.0 distinct days in 30 days vs 1.5 overall; ");
        assertThat(profiles.get(3).deviations()).allMatch(d -> !Double.isNaN(d.z()));
    }

    @Test
    void namesStayUniqueWhenTwoSegmentsLookAlike() {
        int[] labels = new int[GROUPS.size() * PER_GROUP];
        double[][] raw = rows(labels, true);
        Standardizer standardizer = Standardizer.fit(SPECS, raw);

        List<SegmentProfile> profiles = SegmentNamer.describe(SPECS, raw, standardizer, labels, 6);

        List<String> names = profiles.stream().map(SegmentProfile::name).toList();
        assertThat(new HashSet<>(names)).hasSize(6);
        assertThat(names.subList(2, 4)).contains("browsers"); // the other half takes its next-best name
        assertThat(names.get(4)).isEqualTo("dormant");
        assertThat(names.get(5)).isEqualTo("empty segment 6");
        assertThat(profiles.get(5).size()).isZero();
    }

    @Test
    void describesConstantFeaturesNowhere() {
        int[] labels = new int[GROUPS.size() * PER_GROUP];
        double[][] raw = rows(labels, false);
        Standardizer standardizer = Standardizer.fit(SPECS, raw);

        List<SegmentProfile> profiles = SegmentNamer.describe(SPECS, raw, standardizer, labels, 4);

        assertThat(profiles.get(0).deviations()).noneMatch(d -> d.feature().equals("share_weekend"));
    }

    @Test
    void groupsFeaturesByTheQuantityTheyMeasure() {
        assertThat(SegmentNamer.family("purchases_7d")).isEqualTo("purchases");
        assertThat(SegmentNamer.family("lifetime_purchases")).isEqualTo("purchases");
        assertThat(SegmentNamer.family("purchase_days_30d")).isEqualTo("purchase_days");
        assertThat(SegmentNamer.family("hours_since_last_purchase")).isEqualTo("hours_since_last_purchase");
        assertThat(SegmentNamer.humanise("views_30d")).isEqualTo("views (30d)");
        assertThat(SegmentNamer.humanise("share_night")).isEqualTo("share night");
    }

    @Test
    void formatsValuesInTheirUnits() {
        assertThat(SegmentNamer.format(FeatureUnit.CURRENCY, 1234.5)).isEqualTo("1,234.50");
        assertThat(SegmentNamer.format(FeatureUnit.RATIO, 0.375)).isEqualTo("38%");
        assertThat(SegmentNamer.format(FeatureUnit.HOURS, 720)).isEqualTo("720 h");
        assertThat(SegmentNamer.format(FeatureUnit.HOURS, 2.25)).isEqualTo("2.3 h");
        assertThat(SegmentNamer.format(FeatureUnit.DAYS, 5.2)).isEqualTo("5.2");
        assertThat(SegmentNamer.format(FeatureUnit.COUNT, 0.034)).isEqualTo("0.03");
        assertThat(SegmentNamer.format(FeatureUnit.COUNT, 0)).isEqualTo("0.0");
        assertThat(SegmentNamer.format(FeatureUnit.COUNT, 12_345)).isEqualTo("12,345");
    }
}
