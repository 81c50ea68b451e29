package io.segmenter.trainer.clv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdnowProtocolTest {

    private static final String HEADER = " customer_id  date number_of_cds  dollar_value";

    @TempDir
    Path dir;

    private Path cdnow(String... lines) throws IOException {
        Path file = dir.resolve("CDNOW_master.txt");
        StringBuilder sb = new StringBuilder(HEADER).append("\r\n");
        for (String line : lines) {
            sb.append(line).append("\r\n");
        }
        Files.writeString(file, sb, StandardCharsets.US_ASCII);
        return file;
    }

    private static String line(String customer, String date) {
        return " " + customer + " " + date + "  1   11.77";
    }

    @Test
    void standardSplitIsThePapersThirtyNinePlusThirtyNineWeeks() {
        CdnowProtocol p = CdnowProtocol.standard();

        assertThat(p.calibrationEnd()).isEqualTo(Instant.parse("1997-10-01T00:00:00Z"));
        assertThat(p.calibrationEnd().plus(p.holdout())).isEqualTo(Instant.parse("1998-07-01T00:00:00Z"));
        assertThat(p.holdoutWeeks()).isEqualTo(39.0);
    }

    @Test
    void rowsCountTransactionDaysInWeeksAndTheHoldoutAfterTheCalibrationEnd() throws IOException {
        Path file = cdnow(
                line("00001", "19970101"), line("00001", "19970101"), line("00001", "19970115"),
                line("00001", "19970930"), // last calibration day
                line("00001", "19971001"), line("00001", "19971001"), // first holdout day, twice
                line("00001", "19980630"), // last holdout day
                line("00001", "19980701")); // after the holdout

        List<CustomerHoldout> rows = CdnowProtocol.standard().rows(file);

        // 1 Jan to 30 Sep is 272 days; 1 Jan to 1 Oct is 273 days, 39 weeks
        assertThat(rows).containsExactly(new CustomerHoldout("00001", new RepeatSummary(2, 272 / 7.0, 39), 2));
    }

    @Test
    void rowsLeaveOutCustomersWithoutACalibrationPurchaseAndComeInIdOrder() throws IOException {
        // 00002 buys only in the holdout; 00001's one purchase is 189 days (27 weeks) before 1 Oct
        Path file = cdnow(line("00003", "19970301"), line("00002", "19971105"), line("00001", "19970326"));

        List<CustomerHoldout> rows = CdnowProtocol.standard().rows(file);

        assertThat(rows).extracting(CustomerHoldout::customerId).containsExactly("00001", "00003");
        assertThat(rows.get(0).calibration()).isEqualTo(new RepeatSummary(0, 0, 27));
    }

    @Test
    void calibrationEndAndHoldoutAreParameters() throws IOException {
        Path file = cdnow(line("00001", "19970101"), line("00001", "19970108"), line("00001", "19970120"),
                line("00001", "19970125"));
        CdnowProtocol threeWeeks = new CdnowProtocol(Instant.parse("1997-01-15T00:00:00Z"), Duration.ofDays(7));

        List<CustomerHoldout> rows = threeWeeks.rows(file);

        assertThat(threeWeeks.holdoutWeeks()).isEqualTo(1.0);
        assertThat(rows).containsExactly(new CustomerHoldout("00001", new RepeatSummary(1, 1, 2), 1));
    }

    @Test
    void rejectsAFileWithMalformedLines() throws IOException {
        Path file = cdnow(line("00001", "19970101"), " 00002 19971345  1   11.77");

        assertThatThrownBy(() -> CdnowProtocol.standard().rows(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("1 malformed lines").hasMessageContaining("needs every transaction");
    }

    @Test
    void rejectsAHoldoutThatIsNotWholeDays() {
        assertThatThrownBy(() -> new CdnowProtocol(CdnowProtocol.CALIBRATION_END, Duration.ofHours(36)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number of days");
        assertThatThrownBy(() -> new CdnowProtocol(CdnowProtocol.CALIBRATION_END, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void calibrationRateCarriesTheRepeatRateOverTheHoldout() {
        List<CustomerHoldout> rows = List.of(new CustomerHoldout("1", new RepeatSummary(3, 20, 26), 0),
                new CustomerHoldout("2", new RepeatSummary(0, 0, 39), 1));

        double[] predicted = CdnowProtocol.standard().calibrationRatePredictions(rows);

        assertThat(predicted[0]).isCloseTo(3.0 / 26 * 39, within(1e-12));
        assertThat(predicted[1]).isZero();
        assertThat(CdnowProtocol.zeroPredictions(rows)).containsExactly(0, 0);
    }

    @Test
    void bgNbdPredictionsAreTheConditionalExpectationOverTheHoldout() {
        BgNbd model = new BgNbd(0.25, 4.8, 0.75, 2.2);
        RepeatSummary s = new RepeatSummary(2, 30, 38);
        List<CustomerHoldout> rows = List.of(new CustomerHoldout("1", s, 1));

        assertThat(CdnowProtocol.standard().bgNbdPredictions(model, rows))
                .containsExactly(model.expectedPurchases(39, s));
    }
}
