package io.segmenter.model;

import io.segmenter.features.FeatureSpec;
import java.util.Locale;

/**
 * The oracle for {@link FeatureText}: its implementation before it stopped using
 * {@code String.format}, kept verbatim so that {@code FeatureTextTest} can prove the text unchanged.
 */
final class FormatterFeatureText {

    private FormatterFeatureText() {
    }

    static String sentence(FeatureSpec spec, double value, String typicalLabel, double typical) {
        return spec.description() + ": " + value(spec, value) + " (" + typicalLabel + ": " + typical(spec, typical) + ")";
    }

    static String value(FeatureSpec spec, double v) {
        return switch (spec.unit()) {
            case COUNT, DAYS -> number(v);
            case RATIO, SHARE -> String.format(Locale.ROOT, "%.0f%%", v * 100);
            case CURRENCY -> String.format(Locale.ROOT, "%,.2f", v);
            case HOURS -> Math.abs(v) < 1 && v != 0 && v != -1
                    ? String.format(Locale.ROOT, "%.0f min", v * 60)
                    : String.format(Locale.ROOT, "%s h", number(v));
            case MINUTES -> String.format(Locale.ROOT, "%s min", number(v));
            case HOUR_OF_DAY -> String.format(Locale.ROOT, "%02d:00 UTC", (int) Math.floor(v));
            case FLAG -> v >= 0.5 ? "yes" : "no";
            case LOG_CURRENCY, LOG_SECONDS -> String.format(Locale.ROOT, "%.2f", v);
        };
    }

    static String typical(FeatureSpec spec, double v) {
        return switch (spec.unit()) {
            case FLAG -> String.format(Locale.ROOT, "%.0f%% yes", v * 100);
            case HOUR_OF_DAY -> String.format(Locale.ROOT, "%.1f h UTC", v);
            default -> value(spec, v);
        };
    }

    private static String number(double v) {
        if (Math.abs(v - Math.rint(v)) < 1e-9) {
            return String.format(Locale.ROOT, "%,d", (long) Math.rint(v));
        }
        if (Math.abs(v) < 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%,.1f", v);
    }
}
