package io.segmenter.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers as text without {@link java.util.Formatter}, character for character what
 * {@code String.format(Locale.ROOT, "%.Nf" / "%,.Nf" / "%,d")} writes: {@code -} for every negative
 * value including {@code -0.0} and values that round to zero, {@code NaN}, {@code Infinity}, {@code ,}
 * between groups of three integer digits, and HALF_UP rounding of the double's shortest decimal
 * ({@link Double#toString} digits, so {@code 2.675} gives {@code 2.68} and {@code 0.125} gives {@code 0.13}).
 *
 * <p>Formatter looked up {@code DecimalFormatSymbols} and parsed its pattern on every call, a tenth of
 * the stream thread's time (docs/benchmarks.md). Here a value is scaled and rounded in {@code long}
 * arithmetic; a value near a rounding tie, or too large for that arithmetic to be exact enough, is
 * rounded through {@link BigDecimal} instead (rare, and still equal).
 */
final class DecimalText {

    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};
    /**
     * Largest scaled magnitude rounded in {@code long} arithmetic. Below it, the scaled double and the
     * scaled shortest decimal differ by less than {@code 1e12 * 2^-52} (about 2.3e-4) of a unit, so they
     * round alike unless the fraction is within {@link #TIE_MARGIN} of one half.
     */
    private static final double FAST_LIMIT = 1e12;
    private static final double TIE_MARGIN = 1e-3;

    private DecimalText() {
    }

    /** Appends {@code v} with {@code decimals} (0 to 6) digits after the point, as {@code %.Nf}, or {@code %,.Nf} when {@code grouped}. */
    static StringBuilder appendFixed(StringBuilder sb, double v, int decimals, boolean grouped) {
        if (Double.isNaN(v)) {
            return sb.append("NaN");
        }
        if (Double.compare(v, 0.0) < 0) {
            sb.append('-');
        }
        double magnitude = Math.abs(v);
        if (Double.isInfinite(magnitude)) {
            return sb.append("Infinity");
        }
        long scale = POWERS_OF_TEN[decimals];
        double scaled = magnitude * scale;
        if (scaled < FAST_LIMIT) {
            long whole = (long) scaled;
            double fraction = scaled - whole;
            if (Math.abs(fraction - 0.5) > TIE_MARGIN) {
                long units = fraction > 0.5 ? whole + 1 : whole;
                appendMagnitude(sb, units / scale, grouped);
                if (decimals > 0) {
                    sb.append('.');
                    appendPadded(sb, units % scale, decimals);
                }
                return sb;
            }
        }
        return appendRoundedDecimal(sb, magnitude, decimals, grouped);
    }

    /** Appends {@code n} as {@code %,d}: groups of three digits separated by {@code ,}. */
    static StringBuilder appendGrouped(StringBuilder sb, long n) {
        if (n > -1_000 && n < 1_000) {
            return sb.append(n);
        }
        appendGrouped(sb, n / 1_000); // keeps the sign; Long.MIN_VALUE needs no negation this way
        sb.append(',');
        return appendPadded(sb, Math.abs(n % 1_000), 3);
    }

    private static void appendMagnitude(StringBuilder sb, long n, boolean grouped) {
        if (grouped) {
            appendGrouped(sb, n);
        } else {
            sb.append(n);
        }
    }

    /** Appends {@code 0 <= n < 10^digits} with leading zeros to {@code digits} digits. */
    private static StringBuilder appendPadded(StringBuilder sb, long n, int digits) {
        for (long bound = POWERS_OF_TEN[digits - 1]; bound > 1 && n < bound; bound /= 10) {
            sb.append('0');
        }
        return sb.append(n);
    }

    /** HALF_UP rounding of the shortest decimal of {@code magnitude} (finite, not negative), as Formatter does it. */
    private static StringBuilder appendRoundedDecimal(StringBuilder sb, double magnitude, int decimals, boolean grouped) {
        String digits = new BigDecimal(Double.toString(magnitude)).setScale(decimals, RoundingMode.HALF_UP)
                .unscaledValue().toString();
        int integerDigits = Math.max(1, digits.length() - decimals);
        String padded = "0".repeat(integerDigits + decimals - digits.length()) + digits;
        for (int i = 0; i < integerDigits; i++) {
            if (grouped && i > 0 && (integerDigits - i) % 3 == 0) {
                sb.append(',');
            }
            sb.append(padded.charAt(i));
        }
        if (decimals > 0) {
            sb.append('.').append(padded, integerDigits, padded.length());
        }
        return sb;
    }
}
