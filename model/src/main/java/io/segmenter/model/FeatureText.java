package io.segmenter.model;

import io.segmenter.features.FeatureSpec;

/**
 * Feature values in words an analyst reads: units, sensible rounding, percentages for shares.
 * Numbers are written by {@link DecimalText}, the same text {@code String.format(Locale.ROOT, ...)}
 * wrote (HALF_UP, {@code ,} between thousands) at a fraction of its cost.
 */
final class FeatureText {

    private FeatureText() {
    }

    /** {@code "<description>: <value> (<typicalLabel>: <typical>)"}. */
    static String sentence(FeatureSpec spec, double value, String typicalLabel, double typical) {
        StringBuilder sb = new StringBuilder(spec.description().length() + typicalLabel.length() + 40);
        sb.append(spec.description()).append(": ");
        appendValue(sb, spec, value).append(" (").append(typicalLabel).append(": ");
        return appendTypical(sb, spec, typical).append(')').toString();
    }

    /** One value of the feature, e.g. {@code 6}, {@code 12.50}, {@code 35%}, {@code 3.5 h}, {@code 14:00 UTC}. */
    static String value(FeatureSpec spec, double v) {
        return appendValue(new StringBuilder(16), spec, v).toString();
    }

    /** A typical (mean) value: like {@link #value} except that the mean of a flag is a share. */
    static String typical(FeatureSpec spec, double v) {
        return appendTypical(new StringBuilder(16), spec, v).toString();
    }

    private static StringBuilder appendValue(StringBuilder sb, FeatureSpec spec, double v) {
        switch (spec.unit()) {
            case COUNT, DAYS -> appendNumber(sb, v);
            case RATIO, SHARE -> DecimalText.appendFixed(sb, v * 100, 0, false).append('%');
            case CURRENCY -> DecimalText.appendFixed(sb, v, 2, true);
            case HOURS -> {
                if (Math.abs(v) < 1 && v != 0) {
                    DecimalText.appendFixed(sb, v * 60, 0, false).append(" min");
                } else {
                    appendNumber(sb, v).append(" h");
                }
            }
            case MINUTES -> appendNumber(sb, v).append(" min");
            case HOUR_OF_DAY -> {
                int hour = (int) Math.floor(v);
                if (hour >= 0 && hour < 10) {
                    sb.append('0'); // two digits, as %02d
                }
                sb.append(hour).append(":00 UTC");
            }
            case FLAG -> sb.append(v >= 0.5 ? "yes" : "no");
            case LOG_CURRENCY, LOG_SECONDS -> DecimalText.appendFixed(sb, v, 2, false);
            default -> throw new IllegalStateException("no text for unit " + spec.unit());
        }
        return sb;
    }

    private static StringBuilder appendTypical(StringBuilder sb, FeatureSpec spec, double v) {
        switch (spec.unit()) {
            case FLAG -> DecimalText.appendFixed(sb, v * 100, 0, false).append("% yes");
            case HOUR_OF_DAY -> DecimalText.appendFixed(sb, v, 1, false).append(" h UTC");
            default -> appendValue(sb, spec, v);
        }
        return sb;
    }

    /** Integers without decimals, others with one (or more below 1). */
    private static StringBuilder appendNumber(StringBuilder sb, double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9) {
            return DecimalText.appendGrouped(sb, (long) Math.rint(v));
        }
        if (Math.abs(v) < 1) {
            return DecimalText.appendFixed(sb, v, 2, false);
        }
        return DecimalText.appendFixed(sb, v, 1, true);
    }
}
