package io.segmenter.features.dataset;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/** Field checks and conversions shared by the readers; each failure is a {@link MalformedLineException}. */
final class Fields {

    /** Latest epoch second whose milliseconds still fit the wire format comfortably: 9999-12-31T23:59:59Z. */
    static final long MAX_EPOCH_SECOND = 253_402_300_799L;

    private static final long MAX_IPV4 = 0xFFFF_FFFFL;

    private Fields() {
    }

    static void expectCount(List<String> fields, int expected) throws MalformedLineException {
        if (fields.size() != expected) {
            throw new MalformedLineException("expected " + expected + " fields, found " + fields.size());
        }
    }

    /** A field at {@code index}, or null when the column is absent ({@code index < 0}) or the value is empty. */
    static String optional(List<String> fields, int index) {
        if (index < 0) {
            return null;
        }
        String value = fields.get(index).strip();
        return value.isEmpty() ? null : value;
    }

    /** A non-empty run of ASCII digits that fits a {@code long} (e.g. a 19-digit id), returned as written. */
    static String digits(String text, String field) throws MalformedLineException {
        String s = text.strip();
        if (s.isEmpty() || s.length() > 19) {
            throw bad(field, text);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw bad(field, text);
            }
        }
        if (s.length() == 19 && s.compareTo("9223372036854775807") > 0) {
            throw bad(field, text);
        }
        return s;
    }

    static long nonNegativeLong(String text, String field) throws MalformedLineException {
        return Long.parseLong(digits(text, field));
    }

    static int parseInt(String text, String field) throws MalformedLineException {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw bad(field, text);
        }
    }

    /** A finite decimal number (BigDecimal syntax, so no NaN or Infinity). */
    static BigDecimal decimal(String text, String field) throws MalformedLineException {
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw bad(field, text);
        }
    }

    /** Hundredths of a non-negative amount, rounded half-up. */
    static long minorUnits(String text, String field) throws MalformedLineException {
        return minorUnits(decimal(text, field), field);
    }

    static long minorUnits(BigDecimal amount, String field) throws MalformedLineException {
        if (amount.signum() < 0) {
            throw new MalformedLineException("negative " + field + " " + amount.toPlainString());
        }
        try {
            return amount.setScale(2, RoundingMode.HALF_UP).movePointRight(2).longValueExact();
        } catch (ArithmeticException e) {
            throw new MalformedLineException(field + " out of range: " + amount);
        }
    }

    static Instant epochSecond(String text, String field) throws MalformedLineException {
        long seconds = nonNegativeLong(text, field);
        if (seconds > MAX_EPOCH_SECOND) {
            throw new MalformedLineException(field + " out of range: " + text);
        }
        return Instant.ofEpochSecond(seconds);
    }

    /**
     * Dotted IPv4 text of an address written as a number. The fraction of values such as
     * {@code 732758368.8} (an Excel re-save rounded them to 10 significant digits) is dropped, rounding
     * down, as range lookups over integer bounds do; scientific notation is accepted.
     */
    static String ipv4FromNumber(String text, String field) throws MalformedLineException {
        BigDecimal value = decimal(text, field);
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(MAX_IPV4 + 1)) >= 0) {
            throw new MalformedLineException(field + " is not an IPv4 number: " + text);
        }
        long ip = value.setScale(0, RoundingMode.FLOOR).longValueExact();
        return ((ip >>> 24) & 0xFF) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    static MalformedLineException bad(String field, String text) {
        String shown = text.length() > 40 ? text.substring(0, 37) + "..." : text;
        return new MalformedLineException("bad " + field + " '" + shown + "'");
    }
}
