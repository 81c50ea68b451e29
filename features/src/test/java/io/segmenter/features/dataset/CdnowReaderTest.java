package io.segmenter.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.segmenter.schemas.avro.PaymentMethod;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CdnowReaderTest {

    private static final String HEADER = " customer_id  date number_of_cds  dollar_value\r\n";

    @Test
    void readsPaddedWhitespaceSeparatedCrlfLinesAsPurchasesAtMidnightUtc() {
        ReadResult r = TestData.read(DatasetFormat.CDNOW, HEADER + " 00001 19970101  1   11.77\r\n", "cd-");

        assertThat(r.events()).containsExactly(new DatasetEvent.Purchase(PurchaseEvent.newBuilder()
                .setEventId("cd-cdnow-2").setOrderId("cd-cdnow-00001-19970101-2").setUserId("cd-00001")
                .setAmountMinor(1177L).setCurrency("USD").setItemCount(1).setLineItems(List.of())
                .setPaymentMethod(PaymentMethod.UNKNOWN)
                .setEventTime(Instant.parse("1997-01-01T00:00:00Z")).build(), 2));
    }

    @Test
    void makesIdenticalLinesSeparateOrders() {
        ReadResult r = TestData.read(DatasetFormat.CDNOW, HEADER
                + " 00007 19970311  2   30.00\r\n 00007 19970311  2   30.00\r\n");

        assertThat(r.events()).extracting(e -> ((PurchaseEvent) e.record()).getOrderId())
                .containsExactly("cdnow-00007-19970311-2", "cdnow-00007-19970311-3");
        assertThat(r.events()).extracting(DatasetEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void findsColumnsByNameInAnyOrder() {
        ReadResult r = TestData.read(DatasetFormat.CDNOW, "date dollar_value customer_id number_of_cds\n19980630 0.00 23570 3\n");

        PurchaseEvent p = (PurchaseEvent) r.events().get(0).record();
        assertThat(p.getUserId()).isEqualTo("23570");
        assertThat(p.getItemCount()).isEqualTo(3);
        assertThat(p.getAmountMinor()).isZero();
        assertThat(p.getEventTime()).isEqualTo(Instant.parse("1998-06-30T00:00:00Z"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            " 00001 19971332  1   11.77|bad date '19971332'",
            " 00001 19970101  0   11.77|number_of_cds 0 below 1",
            " 00001 19970101  1   -1.00|negative dollar_value -1.00",
            " 00001 19970101  1|expected 4 fields, found 3"})
    void countsABadLineAsMalformed(String bad, String reason) {
        ReadResult r = TestData.read(DatasetFormat.CDNOW, HEADER + bad + "\r\n");

        assertThat(r.report().firstMalformed()).extracting(MalformedLine::lineNumber, MalformedLine::reason)
                .containsExactly(tuple(2L, reason));
    }
}
