package io.segmenter.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UsDateTimesTest {

    @ParameterizedTest
    @CsvSource({
            "2/24/2015 22:55:49, 2015-02-24T22:55:49",
            "2/24/2015 22:55,    2015-02-24T22:55:00",
            "02/04/2015 02:05,   2015-02-04T02:05:00",
            "12/31/2010 0:00,    2010-12-31T00:00:00"})
    void readsMonthDayFourDigitYearWithOrWithoutSeconds(String text, LocalDateTime expected) {
        assertThat(LocalDateTime.parse(text, UsDateTimes.FOUR_DIGIT_YEAR)).isEqualTo(expected);
        assertThat(LocalDateTime.parse(text, UsDateTimes.TWO_OR_FOUR_DIGIT_YEAR)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "8/20/15 4:19,      2015-08-20T04:19:00",
            "8/20/15 4:19:07,   2015-08-20T04:19:07",
            "1/1/00 0:00,       2000-01-01T00:00:00",
            "12/31/99 23:59:59, 2099-12-31T23:59:59"})
    void readsATwoDigitYearAsTwoThousandPlusIt(String text, LocalDateTime expected) {
        assertThat(LocalDateTime.parse(text, UsDateTimes.TWO_OR_FOUR_DIGIT_YEAR)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"8/20/15 4:19", "8/20/015 4:19"})
    void rejectsAYearOfOtherThanFourDigitsWhereOnlyFourAreAccepted(String text) {
        assertThatThrownBy(() -> LocalDateTime.parse(text, UsDateTimes.FOUR_DIGIT_YEAR))
                .isInstanceOf(DateTimeParseException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2/30/2015 22:55", "2/29/15 22:55", "13/1/2015 0:00", "8/20/15 24:00", "8/20/15 4:60",
            "8/20/15 4:19:60", "8/20/015 4:19", "8/20/20155 4:19", "8/20/5 4:19", "8/20/15 4:9", "8/20/15",
            "8/20/15 4:19 PM", "2015-08-20 04:19:00", "20/8/15 4:19"})
    void rejectsImpossibleOrOtherwiseShapedDateTimes(String text) {
        assertThatThrownBy(() -> LocalDateTime.parse(text, UsDateTimes.TWO_OR_FOUR_DIGIT_YEAR))
                .isInstanceOf(DateTimeParseException.class);
    }
}
