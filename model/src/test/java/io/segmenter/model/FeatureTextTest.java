package io.segmenter.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.FeatureSpec;
import io.segmenter.features.FeatureUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link FeatureText} writes exactly what it wrote with {@code String.format(Locale.ROOT, ...)}:
 * {@link FormatterFeatureText}, the old implementation, is the oracle, for every unit, over generated
 * values of every magnitude and over the rounding ties where a hand-written formatter goes wrong.
 */
class FeatureTextTest {

    private static final List<FeatureSpec> ONE_SPEC_PER_UNIT = Arrays.stream(FeatureUnit.values())
            .map(unit -> new FeatureSpec(unit.name().toLowerCase(Locale.ROOT), unit, null, "the " + unit.code()))
            .toList();
    private static final double[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000};

    @Test
    void writesEveryUnitAsStringFormatDidForGeneratedValues() {
        double[] values = generated(100_000, 7);

        List<String> mismatches = mismatches(values);

        assertThat(mismatches).as("value: new text vs String.format text").isEmpty();
    }

    @Test
    void writesRoundingTiesLargeAndSpecialValuesAsStringFormatDid() {
        double[] boundaries = {
            0, -0.0, 0.125, -0.125, 2.675, -2.675, 1.005, 0.005, -0.005, 0.015, 0.045, 0.5, 1.5, 2.5, -0.5, -2.5, 9.5,
            0.35, 0.345, 0.355, 0.0049999, 0.00499999999999, 999.995, 999_999.995, 0.995, 9.995, 99.95,
            1e-9, 5e-10, 1 - 1e-10, 1 + 1e-10, -1, 1, 23.999, 24, -0.999, 0.999, 0.0083, 1.0 / 60, 1.0 / 120,
            1e11 + 0.125, 1e12 - 0.5, 1e12 + 0.5, 1e13 + 0.25, 1e15, 1e15 + 0.5, 1e16, 9_007_199_254_740_993.0,
            1.2345678901234567e20, 1e23, 9.223372036854776e18, -9.3e18, 1e300, -1e300,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, Double.MIN_NORMAL,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Long.MAX_VALUE, Long.MIN_VALUE, Integer.MAX_VALUE + 0.5, Integer.MIN_VALUE - 0.5};

        assertThat(mismatches(boundaries)).isEmpty();
        FeatureSpec money = spec(FeatureUnit.CURRENCY);
        FeatureSpec logSeconds = spec(FeatureUnit.LOG_SECONDS);
        // HALF_UP on the shortest decimal: 2.675 is 2.67499999... in binary, yet 2.68
        assertThat(FeatureText.value(money, 2.675)).isEqualTo("2.68");
        assertThat(FeatureText.value(money, 0.125)).isEqualTo("0.13");
        assertThat(FeatureText.value(money, 999.995)).isEqualTo("1,000.00");
        assertThat(FeatureText.value(money, 1.2345678901234567e20)).isEqualTo("123,456,789,012,345,670,000.00");
        assertThat(FeatureText.value(money, -0.001)).isEqualTo("-0.00");
        assertThat(FeatureText.value(logSeconds, Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(FeatureText.value(spec(FeatureUnit.COUNT), -1e19)).isEqualTo("-9,223,372,036,854,775,808");
        assertThat(FeatureText.value(spec(FeatureUnit.SHARE), -0.0)).isEqualTo("-0%");
        assertThat(FeatureText.value(spec(FeatureUnit.HOUR_OF_DAY), -0.5)).isEqualTo("-1:00 UTC");
    }

    @Test
    void sentencesAreTheOldSentences() {
        double[] values = generated(20_000, 11);

        for (FeatureSpec spec : ONE_SPEC_PER_UNIT) {
            for (int i = 0; i + 1 < values.length; i += 2) {
                assertThat(FeatureText.sentence(spec, values[i], "segment typical", values[i + 1]))
                        .isEqualTo(FormatterFeatureText.sentence(spec, values[i], "segment typical", values[i + 1]));
            }
        }
    }

    /** Every value and typical text that differs from the oracle's, as {@code unit value: new != old}. */
    private static List<String> mismatches(double[] values) {
        List<String> mismatches = new ArrayList<>();
        for (FeatureSpec spec : ONE_SPEC_PER_UNIT) {
            for (double v : values) {
                compare(mismatches, spec, v, FeatureText.value(spec, v), FormatterFeatureText.value(spec, v));
                compare(mismatches, spec, v, FeatureText.typical(spec, v), FormatterFeatureText.typical(spec, v));
            }
        }
        return mismatches;
    }

    private static void compare(List<String> mismatches, FeatureSpec spec, double v, String actual, String expected) {
        if (!actual.equals(expected) && mismatches.size() < 20) {
            mismatches.add(spec.unit() + " " + v + ": " + actual + " != " + expected);
        }
    }

    /**
     * Values of every kind: any magnitude, exact decimal ties at 0 to 5 decimals ({@code 2.675}),
     * one to three ulps either side of a tie, random bit patterns (NaN, subnormals, huge), and the
     * small values that features mostly hold.
     */
    private static double[] generated(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[count];
        for (int i = 0; i < count; i++) {
            double sign = random.nextBoolean() ? 1 : -1;
            double scale = POWERS_OF_TEN[random.nextInt(POWERS_OF_TEN.length)];
            values[i] = switch (i % 6) {
                case 0 -> sign * random.nextDouble() * Math.pow(10, random.nextInt(-8, 20));
                case 1 -> random.nextLong(-100_000_000L, 100_000_000L) / scale;
                case 2 -> (random.nextLong(-10_000_000L, 10_000_000L) + 0.5) / scale;
                case 3 -> nearTie(random, (random.nextLong(-10_000_000L, 10_000_000L) + 0.5) / scale);
                case 4 -> Double.longBitsToDouble(random.nextLong());
                default -> sign * random.nextDouble() * random.nextInt(1, 30);
            };
        }
        return values;
    }

    private static double nearTie(SplittableRandom random, double tie) {
        double v = tie;
        boolean up = random.nextBoolean();
        for (int steps = random.nextInt(1, 4); steps > 0; steps--) {
            v = up ? Math.nextUp(v) : Math.nextDown(v);
        }
        return v;
    }

    private static FeatureSpec spec(FeatureUnit unit) {
        return ONE_SPEC_PER_UNIT.get(unit.ordinal());
    }
}
