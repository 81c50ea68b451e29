package io.segmenter.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.PaymentMethod;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OnlineRetailReaderTest {

    private static final String HEADER =
            "\"InvoiceNo\",\"StockCode\",\"Description\",\"Quantity\",\"InvoiceDate\",\"UnitPrice\",\"CustomerID\",\"Country\"\r\n";

    private static LineItem item(String product, int quantity, long unitPriceMinor) {
        return LineItem.newBuilder().setProductId(product).setQuantity(quantity).setUnitPriceMinor(unitPriceMinor).build();
    }

    @Test
    void groupsTheLinesOfAnInvoiceIntoOnePurchaseInLondonTime() {
        ReadResult r = TestData.read(DatasetFormat.ONLINE_RETAIL, HEADER
                + "\"557055\",\"23203\",\"JUMBO BAG DOILEY PATTERNS\",20,\"2011-06-16 14:45:00\",2.08,12621,\"Germany\"\r\n"
                + "\"541809\",\"22423\",\"REGENCY CAKESTAND 3 TIER\",1,\"2011-01-21 14:58:00\",12.75,13047,\"United Kingdom\"\r\n"
                + "\"557055\",\"85123A\",\"WHITE HANGING HEART, \"\"T-LIGHT\"\" HOLDER\",3,\"2011-06-16 14:44:00\",2.555,12621,\"Germany\"\r\n");

        assertThat(r.events()).containsExactly(
                new DatasetEvent.Purchase(PurchaseEvent.newBuilder()
                        .setEventId("online-retail-557055-12621").setOrderId("online-retail-557055-12621")
                        .setUserId("12621").setAmountMinor(4927L).setCurrency("GBP").setItemCount(23)
                        .setLineItems(List.of(item("23203", 20, 208L), item("85123A", 3, 256L)))
                        .setPaymentMethod(PaymentMethod.UNKNOWN).setCountry("Germany")
                        // British Summer Time: 14:44 in London is 13:44 UTC; the earlier line's time wins
                        .setEventTime(Instant.parse("2011-06-16T13:44:00Z")).build(), 2),
                new DatasetEvent.Purchase(PurchaseEvent.newBuilder()
                        .setEventId("online-retail-541809-13047").setOrderId("online-retail-541809-13047")
                        .setUserId("13047").setAmountMinor(1275L).setCurrency("GBP").setItemCount(1)
                        .setLineItems(List.of(item("22423", 1, 1275L)))
                        .setPaymentMethod(PaymentMethod.UNKNOWN).setCountry("United Kingdom")
                        // winter: London is UTC
                        .setEventTime(Instant.parse("2011-01-21T14:58:00Z")).build(), 3));
        ReadReport report = r.report();
        assertThat(report.linesRead()).isEqualTo(3);
        assertThat(report.linesAccepted()).isEqualTo(3);
        assertThat(report.events()).isEqualTo(2);
        assertThat(report.oneEventPerAcceptedLine()).isFalse();
    }

    @Test
    void skipsValidLinesThatAreNoAttributablePurchaseCountingEachReason() {
        ReadResult r = TestData.read(DatasetFormat.ONLINE_RETAIL, HEADER
                + "\"546306\",\"21733\",\"RED HANGING HEART T-LIGHT HOLDER\",2,\"2011-03-10 16:16:00\",2.95,NA,\"United Kingdom\"\r\n"
                + "\"C543611\",\"22423\",\"REGENCY CAKESTAND 3 TIER\",-1,\"2011-02-10 14:38:00\",12.75,13047,\"United Kingdom\"\r\n"
                + "\"C543612\",\"22423\",\"REGENCY CAKESTAND 3 TIER\",-1,\"2011-02-10 14:38:00\",12.75,NA,\"United Kingdom\"\r\n"
                + "\"536370\",\"POST\",\"POSTAGE\",3,\"2010-12-01 08:45:00\",18,12583,\"France\"\r\n"
                + "\"562935\",\"gift_0001_20\",\"Gift Voucher £20.00\",1,\"2011-08-11 11:44:00\",16.67,12583,\"France\"\r\n"
                + "\"536589\",\"21777\",\"damaged\",-10,\"2010-12-01 16:50:00\",0,16029,\"United Kingdom\"\r\n"
                + "\"536370\",\"22728\",\"ALARM CLOCK BAKELIKE PINK\",24,\"2010-12-01 08:45:00\",3.75,12583,\"France\"\r\n");

        ReadReport report = r.report();
        assertThat(report.skippedByReason()).containsExactly(
                Map.entry(SkipReason.CANCELLATION, 2L),
                Map.entry(SkipReason.NO_CUSTOMER_ID, 1L),
                Map.entry(SkipReason.NON_PRODUCT_STOCK_CODE, 2L),
                Map.entry(SkipReason.NON_POSITIVE_QUANTITY, 1L));
        assertThat(report.linesRead()).isEqualTo(7);
        assertThat(report.skippedLines()).isEqualTo(6);
        assertThat(report.linesAccepted()).isEqualTo(1);
        assertThat(report.malformedLines()).isZero();
        assertThat(r.events()).singleElement().satisfies(e -> {
            PurchaseEvent p = (PurchaseEvent) e.record();
            assertThat(p.getOrderId()).isEqualTo("online-retail-536370-12583");
            assertThat(p.getAmountMinor()).isEqualTo(9000L);
            assertThat(p.getLineItems()).containsExactly(item("22728", 24, 375L));
        });
        assertThat(report.describe()).contains("7 lines = 1 accepted + 6 skipped + 0 malformed -> 1 events",
                "cancellation=2, no-customer-id=1, non-product-stock-code=2, non-positive-quantity=1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"1\",\"2\",\"d\",x,\"2011-01-01 10:00:00\",1,12583,\"F\"|bad Quantity 'x'",
            "\"1\",\"22728\",\"d\",1,\"2011-13-01 10:00:00\",1,12583,\"F\"|bad InvoiceDate '2011-13-01 10:00:00'",
            "\"1\",\"22728\",\"d\",1,\"2011-01-01 10:00:00\",abc,12583,\"F\"|bad UnitPrice 'abc'",
            "\"1\",\"22728\",\"d\",1,\"2011-01-01 10:00:00\",-1,12583,\"F\"|negative UnitPrice -1",
            "\"1\",\"22728\",\"d\",1,\"2011-01-01 10:00:00\",1,x12583,\"F\"|bad CustomerID 'x12583'",
            "\"1\",\"22728\",\"unterminated,1,\"2011-01-01 10:00:00\",1,12583,\"F\"|text after closing quote in field 3",
            "\"1\",\"22728\",\"d\",1,\"2011-01-01 10:00:00\",1,12583|expected 8 fields, found 7"})
    void countsABadLineAsMalformed(String bad, String reason) {
        ReadResult r = TestData.read(DatasetFormat.ONLINE_RETAIL, HEADER + bad + "\r\n");

        assertThat(r.events()).isEmpty();
        assertThat(r.report().firstMalformed()).extracting(MalformedLine::lineNumber, MalformedLine::reason)
                .containsExactly(tuple(2L, reason));
    }

    @Test
    void readsTheExcelExportDateFormatAndFractionalCustomerIds() {
        ReadResult r = TestData.read(DatasetFormat.ONLINE_RETAIL,
                "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
                        + "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850.0,United Kingdom\n");

        assertThat(r.events()).singleElement().satisfies(e -> {
            assertThat(e.userId()).isEqualTo("17850");
            assertThat(e.eventTime()).isEqualTo(Instant.parse("2010-12-01T08:26:00Z"));
        });
    }

    @ParameterizedTest
    @CsvSource({
            "2010-12-01 08:26:00, 2010-12-01T08:26:00Z",
            "2010-12-01 08:26,    2010-12-01T08:26:00Z",
            "12/1/2010 8:26,      2010-12-01T08:26:00Z",
            "12/1/2010 8:26:00,   2010-12-01T08:26:00Z",
            "2011-06-16 14:45:00, 2011-06-16T13:45:00Z",
            "6/16/2011 14:45,     2011-06-16T13:45:00Z"})
    void readsBothExportedInvoiceDateFormsAsTheSameLondonMoment(String invoiceDate, Instant expected) {
        ReadResult r = TestData.read(DatasetFormat.ONLINE_RETAIL, HEADER
                + "\"536365\",\"85123A\",\"d\",6,\"" + invoiceDate + "\",2.55,17850,\"United Kingdom\"\r\n");

        assertThat(r.report().malformedLines()).isZero();
        assertThat(r.events()).extracting(DatasetEvent::eventTime).containsExactly(expected);
    }

    @ParameterizedTest
    @CsvSource({"12/1/10 8:26", "2/29/2011 8:26", "12/1/2010 8:26 AM"})
    void countsAnInvoiceDateOfNoKnownExportFormAsMalformed(String invoiceDate) {
        ReadResult r = TestData.read(DatasetFormat.ONLINE_RETAIL, HEADER
                + "\"536365\",\"85123A\",\"d\",6,\"" + invoiceDate + "\",2.55,17850,\"United Kingdom\"\r\n");

        assertThat(r.events()).isEmpty();
        assertThat(r.report().firstMalformed()).extracting(MalformedLine::lineNumber, MalformedLine::reason)
                .containsExactly(tuple(2L, "bad InvoiceDate '" + invoiceDate + "'"));
    }

    @Test
    void readsACopyWithoutTheCountryColumnWithTheCountryUnknown() {
        ReadResult r = TestData.read(DatasetFormat.ONLINE_RETAIL,
                "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID\n"
                        + "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850\n");

        assertThat(r.report().malformedLines()).isZero();
        assertThat(r.events()).singleElement()
                .satisfies(e -> assertThat(((PurchaseEvent) e.record()).getCountry()).isNull());
    }

    @Test
    void givesTheSameIdsOnEveryRead() {
        String text = HEADER + "\"557055\",\"23203\",\"JUMBO BAG\",20,\"2011-06-16 14:45:00\",2.08,12621,\"Germany\"\r\n";

        assertThat(TestData.read(DatasetFormat.ONLINE_RETAIL, text).events())
                .isEqualTo(TestData.read(DatasetFormat.ONLINE_RETAIL, text).events());
    }
}
