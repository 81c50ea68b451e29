package io.segmenter.features.dataset;

import static java.time.temporal.ChronoField.DAY_OF_MONTH;
import static java.time.temporal.ChronoField.HOUR_OF_DAY;
import static java.time.temporal.ChronoField.MINUTE_OF_HOUR;
import static java.time.temporal.ChronoField.MONTH_OF_YEAR;
import static java.time.temporal.ChronoField.SECOND_OF_MINUTE;
import static java.time.temporal.ChronoField.YEAR;

import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * Date-times as a US-locale spreadsheet writes them: month/day/year, a 24-hour clock, seconds
 * optional ({@code 2/24/2015 22:55}, {@code 2/24/2015 22:55:49}). Resolving is strict, so an
 * impossible date such as {@code 2/30/2015} or an hour of 24 does not parse.
 */
final class UsDateTimes {

    /**
     * Two-digit years are read as {@code 2000 + yy} ({@code 15} is 2015, {@code 99} is 2099, never 1999):
     * the data sets with such exports are from the 2010s, and a pivot inside the century (as Excel's
     * 1930) would gain nothing for them.
     */
    static final int TWO_DIGIT_YEAR_BASE = 2000;

    /** {@code M/d/yyyy H:mm[:ss]}. */
    static final DateTimeFormatter FOUR_DIGIT_YEAR = formatter(false);

    /** {@code M/d/yyyy H:mm[:ss]} or {@code M/d/yy H:mm[:ss]} ({@code 8/20/15 4:19} is 2015-08-20 04:19). */
    static final DateTimeFormatter TWO_OR_FOUR_DIGIT_YEAR = formatter(true);

    private UsDateTimes() {
    }

    /** Whether {@code text} is in this month/day/year form rather than ISO year-month-day. */
    static boolean isUsStyle(String text) {
        return text.indexOf('/') >= 0;
    }

    private static DateTimeFormatter formatter(boolean twoDigitYear) {
        DateTimeFormatterBuilder b = new DateTimeFormatterBuilder()
                .appendValue(MONTH_OF_YEAR).appendLiteral('/')
                .appendValue(DAY_OF_MONTH).appendLiteral('/');
        if (twoDigitYear) {
            // exactly four digits, else exactly two: "015" and "20155" stay malformed
            b.optionalStart().appendValue(YEAR, 4).optionalEnd()
                    .optionalStart().appendValueReduced(YEAR, 2, 2, TWO_DIGIT_YEAR_BASE).optionalEnd();
        } else {
            b.appendValue(YEAR, 4);
        }
        return b.appendLiteral(' ')
                .appendValue(HOUR_OF_DAY).appendLiteral(':')
                .appendValue(MINUTE_OF_HOUR, 2)
                .optionalStart().appendLiteral(':').appendValue(SECOND_OF_MINUTE, 2).optionalEnd()
                .toFormatter(Locale.ROOT)
                .withChronology(IsoChronology.INSTANCE)
                .withResolverStyle(ResolverStyle.STRICT);
    }
}
