package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureSpec;
import io.segmenter.features.FeatureUnit;
import java.util.List;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

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
}
