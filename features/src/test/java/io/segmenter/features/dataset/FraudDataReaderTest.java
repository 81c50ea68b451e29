package io.segmenter.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.segmenter.schemas.avro.PaymentMethod;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FraudDataReaderTest {

    private static final String BOM_HEADER =
            "\uFEFFuser_id,signup_time,purchase_time,purchase_value,device_id,source,browser,sex,age,ip_address,class\r\n";

    @Test
    void mapsARowToALabelledPurchaseReadingBomCrlfAndTheExcelIpFraction() {
        ReadResult r = TestData.read(DatasetFormat.FRAUD_DATA, BOM_HEADER
                + "22058,2/24/2015 22:55,4/18/2015 2:47,34,QVPSPJUOCKZAR,SEO,Chrome,M,39,732758368.8,0\r\n"
                + "1359,1/1/2015 18:52,1/1/2015 18:52,15,YSSKYOSJHPPLJ,SEO,Opera,M,53,2621473820,1\r\n", "fd-");

        assertThat(r.events()).containsExactly(
                new DatasetEvent.Purchase(PurchaseEvent.newBuilder()
                        .setEventId("fd-fraud-data-2").setOrderId("fd-fraud-data-22058-1429325220").setUserId("fd-22058")
                        .setAmountMinor(3400L).setCurrency("USD").setItemCount(1).setLineItems(List.of())
                        .setPaymentMethod(PaymentMethod.UNKNOWN).setDeviceId("fd-QVPSPJUOCKZAR").setIp("43.173.1.96")
                        .setUserAgentFamily("Chrome").setTrafficSource("SEO")
                        .setAccountCreatedTime(Instant.parse("2015-02-24T22:55:00Z"))
                        .setEventTime(Instant.parse("2015-04-18T02:47:00Z")).build(), 2, OptionalInt.of(0)),
                new DatasetEvent.Purchase(PurchaseEvent.newBuilder()
                        .setEventId("fd-fraud-data-3").setOrderId("fd-fraud-data-1359-1420138320").setUserId("fd-1359")
                        .setAmountMinor(1500L).setCurrency("USD").setItemCount(1).setLineItems(List.of())
                        .setPaymentMethod(PaymentMethod.UNKNOWN).setDeviceId("fd-YSSKYOSJHPPLJ").setIp("156.64.132.28")
                        .setUserAgentFamily("Opera").setTrafficSource("SEO")
                        .setAccountCreatedTime(Instant.parse("2015-01-01T18:52:00Z"))
                        .setEventTime(Instant.parse("2015-01-01T18:52:00Z")).build(), 3, OptionalInt.of(1)));
        assertThat(r.events()).extracting(DatasetEvent::label).containsExactly(OptionalInt.of(0), OptionalInt.of(1));
    }

    @Test
    void readsACopyWithoutTheIpAddressColumnFromTheClasspath() throws IOException {
        ReadResult r;
        try (InputStream in = getClass().getResourceAsStream("fraud-data-no-ip.csv")) {
            r = DatasetFormat.FRAUD_DATA.reader().readAll(in, "fraud-data-no-ip.csv", "");
        }

        assertThat(r.report().malformedLines()).isZero();
        assertThat(r.report().linesAccepted()).isEqualTo(3);
        assertThat(r.events()).hasSize(3).allSatisfy(e -> assertThat(((PurchaseEvent) e.record()).getIp()).isNull());
        assertThat(r.events()).extracting(DatasetEvent::label)
                .containsExactly(OptionalInt.of(0), OptionalInt.of(0), OptionalInt.of(1));
    }

    @Test
    void readsACopyWithOnlyTheRequiredColumnsInAnotherOrderAndIsoTimes() {
        ReadResult r = TestData.read(DatasetFormat.FRAUD_DATA,
                "purchase_value,user_id,purchase_time\n" + "34,22058,2015-04-18 02:47:49\n");

        assertThat(r.events()).containsExactly(new DatasetEvent.Purchase(PurchaseEvent.newBuilder()
                .setEventId("fraud-data-2").setOrderId("fraud-data-22058-1429325269").setUserId("22058")
                .setAmountMinor(3400L).setCurrency("USD").setItemCount(1).setLineItems(List.of())
                .setPaymentMethod(PaymentMethod.UNKNOWN)
                .setEventTime(Instant.parse("2015-04-18T02:47:49Z")).build(), 2, OptionalInt.empty()));
    }

    @ParameterizedTest
    @CsvSource({
            "2015-02-24 22:55:49, 2015-02-24T22:55:49Z",
            "2/24/2015 22:55:49,  2015-02-24T22:55:49Z",
            "2/24/15 22:55:49,    2015-02-24T22:55:49Z",
            "2/24/2015 22:55,     2015-02-24T22:55:00Z",
            "2/24/15 22:55,       2015-02-24T22:55:00Z",
            "2015-08-20 04:19:00, 2015-08-20T04:19:00Z",
            "8/20/2015 4:19,      2015-08-20T04:19:00Z",
            "8/20/15 4:19,        2015-08-20T04:19:00Z"})
    void readsEachExportedTimeFormAsTheSameMomentInUtc(String time, Instant expected) {
        ReadResult r = TestData.read(DatasetFormat.FRAUD_DATA,
                "user_id,signup_time,purchase_time,purchase_value\n1," + time + "," + time + ",34\n");

        assertThat(r.report().malformedLines()).isZero();
        assertThat(r.events()).singleElement().satisfies(e -> {
            PurchaseEvent p = (PurchaseEvent) e.record();
            assertThat(p.getEventTime()).isEqualTo(expected);
            assertThat(p.getAccountCreatedTime()).isEqualTo(expected);
        });
    }

    @Test
    void readsAWholeCopyWithTwoDigitYearsWithoutAMalformedLine() {
        ReadResult r = TestData.read(DatasetFormat.FRAUD_DATA, BOM_HEADER
                + "22058,2/24/15 22:55,4/18/15 2:47,34,QVPSPJUOCKZAR,SEO,Chrome,M,39,732758368.8,0\r\n"
                + "333320,6/7/15 20:39,8/20/15 4:19,16,EOGFQPIZPYXFZ,Ads,Chrome,F,53,350311387.9,0\r\n");

        assertThat(r.report().malformedLines()).isZero();
        assertThat(r.events()).extracting(DatasetEvent::eventTime)
                .containsExactly(Instant.parse("2015-04-18T02:47:00Z"), Instant.parse("2015-08-20T04:19:00Z"));
    }

    @ParameterizedTest
    @CsvSource({"0,0.0.0.0", "4294967295,255.255.255.255", "4294967295.9,255.255.255.255", "732758368.8,43.173.1.96",
            "1.02E+09,60.203.247.0", "16777216,1.0.0.0"})
    void convertsANumericIpv4ToDottedTextRoundingTheFractionDown(String number, String dotted) throws Exception {
        assertThat(Fields.ipv4FromNumber(number, "ip_address")).isEqualTo(dotted);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "393385,8/11/2015 19:00,,,,,,,,,|bad purchase_time ''",
            "1,2/24/2015 22:55,4/18/2015 2:47,34,D,SEO,Chrome,M,39,4294967296,0|ip_address is not an IPv4 number: 4294967296",
            "1,2/24/2015 22:55,4/18/2015 2:47,34,D,SEO,Chrome,M,39,-1,0|ip_address is not an IPv4 number: -1",
            "1,2/24/2015 22:55,4/18/2015 2:47,34,D,SEO,Chrome,M,39,1,2|bad class '2'",
            "1,2/24/2015 22:55,4/18/2015 2:47,-34,D,SEO,Chrome,M,39,1,0|negative purchase_value -34",
            "1,2/30/2015 22:55,4/18/2015 2:47,34,D,SEO,Chrome,M,39,1,0|bad signup_time '2/30/2015 22:55'",
            "1,2/30/15 22:55,4/18/2015 2:47,34,D,SEO,Chrome,M,39,1,0|bad signup_time '2/30/15 22:55'",
            "1,2/24/2015 22:55,8/20/015 4:19,34,D,SEO,Chrome,M,39,1,0|bad purchase_time '8/20/015 4:19'",
            "1,2/24/2015 22:55,2015-08-20 04:19,34,D,SEO,Chrome,M,39,1,0|bad purchase_time '2015-08-20 04:19'",
            "1,2/24/2015 22:55,4/18/2015 2:47,34,D,SEO,Chrome,M,39|expected 11 fields, found 9"})
    void countsABadLineAsMalformed(String bad, String reason) {
        ReadResult r = TestData.read(DatasetFormat.FRAUD_DATA, BOM_HEADER + bad + "\r\n");

        assertThat(r.events()).isEmpty();
        assertThat(r.report().firstMalformed()).extracting(MalformedLine::lineNumber, MalformedLine::reason)
                .containsExactly(tuple(2L, reason));
    }
}
