package io.segmenter.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureSpec;
import io.segmenter.features.FeatureUnit;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one standardizer: the trainer fits it, the bundle stores it, the scorer applies it. */
class StandardizerTest {

    private static final List<FeatureSpec> SPECS = List.of(
            spec("views_30d", FeatureUnit.COUNT),
            spec("spend_30d", FeatureUnit.CURRENCY),
            spec("cart_to_purchase_rate_30d", FeatureUnit.RATIO),
            spec("account_age_hours", FeatureUnit.HOURS),
            spec("ip_known", FeatureUnit.FLAG));

    private static FeatureSpec spec(String name, FeatureUnit unit) {
        return new FeatureSpec(name, unit, null, "test feature " + name);
    }

    @Test
    void centresAndScalesToPopulationMeanAndStandardDeviation() {
        double[][] rows = {{1, 2}, {3, 6}, {5, 10}};
        List<FeatureSpec> specs = List.of(spec("a", FeatureUnit.RATIO), spec("b", FeatureUnit.SHARE));
        Standardizer s = Standardizer.fit(specs, rows);

        assertThat(s.means()).containsExactly(3, 6);
        assertThat(s.stds()[0]).isCloseTo(Math.sqrt(8.0 / 3), within(1e-12));
        assertThat(s.stds()[1]).isCloseTo(Math.sqrt(32.0 / 3), within(1e-12));
        double[][] z = s.transformAll(rows);
        for (int j = 0; j < 2; j++) {
            double mean = 0;
            double square = 0;
            for (double[] row : z) {
                mean += row[j] / 3;
                square += row[j] * row[j] / 3;
            }
            assertThat(mean).isCloseTo(0, within(1e-12));
            assertThat(square).isCloseTo(1, within(1e-12));
        }
    }

    @Test
    void logsCountsCurrencyAndHoursButLeavesRatiosAndFlagsAlone() {
        Standardizer s = Standardizer.fit(SPECS, new double[][] {{0, 0, 0, 0, 0}, {10, 100, 1, 5, 1}});

        assertThat(s.transforms()).containsExactly(FeatureTransform.SIGNED_LOG1P, FeatureTransform.SIGNED_LOG1P,
                FeatureTransform.IDENTITY, FeatureTransform.SIGNED_LOG1P, FeatureTransform.IDENTITY);
        assertThat(s.means()[0]).isCloseTo(Math.log1p(10) / 2, within(1e-12));
        assertThat(s.means()[2]).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void everyUnitOfTheFeatureDefinitionHasADefaultTransform() {
        for (FeatureDefinition kind : FeatureDefinition.values()) {
            for (FeatureSpec spec : kind.specs()) {
                assertThat(FeatureTransform.forUnit(spec.unit())).as(spec.name()).isNotNull();
            }
        }
        assertThat(FeatureTransform.forUnit(FeatureUnit.LOG_CURRENCY)).isEqualTo(FeatureTransform.IDENTITY);
    }

    @Test
    void unknownAccountAgeSentinelStaysFiniteUnderTheLog() {
        assertThat(FeatureTransform.SIGNED_LOG1P.apply(-1)).isCloseTo(-Math.log(2), within(1e-15));
        Standardizer s = Standardizer.fit(SPECS, new double[][] {{0, 0, 0, -1, 0}, {1, 1, 1, 2, 1}});
        assertThat(Arrays.stream(s.transform(new double[] {0, 0, 0, -1, 0})).boxed()).allMatch(Double::isFinite);
    }

    @Test
    void constantFeatureAlwaysTransformsToZeroEvenForValuesNotSeenInFitting() {
        Standardizer s = Standardizer.fit(SPECS, new double[][] {{1, 5, 0.5, 3, 1}, {2, 5, 0.5, 4, 1}, {3, 5, 0.5, 5, 1}});

        assertThat(s.constant()).containsExactly(false, true, true, false, true);
        assertThat(s.stds()[1]).isEqualTo(1);
        double[] z = s.transform(new double[] {2, 1_000, 0.9, 4, 0});
        assertThat(z[1]).isZero();
        assertThat(z[2]).isZero();
        assertThat(z[4]).isZero();
        assertThat(z[0]).isNotZero();
    }

    @Test
    void invertGivesBackTheRawValue() {
        Standardizer s = Standardizer.fit(SPECS, new double[][] {{1, 50, 0.2, 3, 0}, {7, 5, 0.9, 400, 1}, {30, 0, 0.5, 12, 1}});
        double[] raw = {12, 17.5, 0.3, 72, 1};
        double[] z = s.transform(raw);
        for (int j = 0; j < raw.length; j++) {
            assertThat(s.invert(j, z[j])).isCloseTo(raw[j], within(1e-9));
        }
    }

    @Test
    void sameRowsGiveAnEqualStandardizer() {
        double[][] rows = {{1, 50, 0.2, 3, 0}, {7, 5, 0.9, 400, 1}};
        assertThat(Standardizer.fit(SPECS, rows)).isEqualTo(Standardizer.fit(SPECS, rows));
    }

    @Test
    void rejectsNonFiniteValuesAndRowsOfTheWrongLength() {
        assertThatThrownBy(() -> Standardizer.fit(SPECS, new double[][] {{1, Double.NaN, 0, 0, 0}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spend_30d");
        assertThatThrownBy(() -> Standardizer.fit(SPECS, new double[][] {{1, 2}}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Standardizer.fit(SPECS, new double[0][]))
                .isInstanceOf(IllegalArgumentException.class);
        Standardizer s = Standardizer.fit(SPECS, new double[][] {{1, 2, 0, 0, 0}, {2, 3, 1, 1, 1}});
        assertThatThrownBy(() -> s.transform(new double[] {1, Double.POSITIVE_INFINITY, 0, 0, 0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void transformRoundTripsThroughInvert() {
        for (FeatureTransform t : FeatureTransform.values()) {
            for (double x : new double[] {-1, -0.5, 0, 1e-9, 0.3, 1, 17.5, 720, 1e6}) {
                assertThat(t.invert(t.apply(x))).as(t + " of " + x).isCloseTo(x, within(1e-9 * Math.max(1, Math.abs(x))));
            }
        }
        assertThat(FeatureTransform.byName("SIGNED_LOG1P")).isEqualTo(FeatureTransform.SIGNED_LOG1P);
        assertThat(FeatureTransform.byName("LOG")).isNull();
    }

    @Test
    void constantFeatureStandardizesToZeroOnTheServingPath() {
        Standardizer s = Standardizer.fit(SPECS, new double[][] {{1, 5, 0.5, 3, 1}, {2, 5, 0.5, 4, 1}, {3, 5, 0.5, 5, 1}});
        double[][] rows = {{2, 1_000, 0.9, 4, 0}, {2, -3, 0.1, 4, 1}};
        double[] flat = new double[rows.length * SPECS.size()];

        BatchScorer.standardizeRows(rows, 0, rows.length, s, flat);

        for (int r = 0; r < rows.length; r++) {
            assertThat(flat[r * 5 + 1]).isZero();
            assertThat(flat[r * 5 + 2]).isZero();
            assertThat(flat[r * 5 + 4]).isZero();
            assertThat(s.z(1, rows[r][1])).isZero();
        }
        assertThat(s.typical(1)).isCloseTo(5, within(1e-12));
    }

    @Test
    void meansAreOfTransformedValuesAndTypicalGivesThemBackInFeatureUnits() {
        Standardizer s = Standardizer.fit(SPECS, new double[][] {{0, 0, 0.2, 0, 0}, {8, 99, 0.4, 3, 1}});

        assertThat(s.mean(1)).isCloseTo(Math.log(100) / 2, within(1e-12));
        assertThat(s.typical(1)).isCloseTo(9, within(1e-9));
        assertThat(s.typical(2)).isCloseTo(0.3, within(1e-12));
        assertThat(s.z(1, 9)).isCloseTo(0, within(1e-12));
    }

    @Test
    void isImmutable() {
        double[] means = {1, 2};
        boolean[] constant = {false, false};
        Standardizer s = new Standardizer(List.of("a", "b"), List.of(FeatureTransform.IDENTITY, FeatureTransform.IDENTITY),
                means, new double[] {1, 1}, constant);
        means[0] = 99;
        constant[0] = true;
        s.means()[1] = 99;
        s.constant()[1] = true;

        assertThat(s.means()).containsExactly(1, 2);
        assertThat(s.constant()).containsExactly(false, false);
    }

    @Test
    void rejectsInconsistentSizesAndNonPositiveStandardDeviations() {
        assertThatThrownBy(() -> new Standardizer(List.of("a"), List.of(FeatureTransform.IDENTITY),
                new double[] {0, 1}, new double[] {1}, new boolean[] {false}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Standardizer(List.of("a"), List.of(FeatureTransform.IDENTITY),
                new double[] {0}, new double[] {0}, new boolean[] {false}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a");
    }
}
