package io.segmenter.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.PaymentMethod;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Rees46ReaderTest {

    private static final String HEADER = "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session\r\n";

    @Test
    void mapsViewCartAndRemoveToClicksKeepingThe19DigitCategoryIdAsText() {
        ReadResult r = TestData.read(DatasetFormat.REES46, HEADER
                + "2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,72d76fde-8bb3\r\n"
                + "2019-10-01 00:00:05 UTC,cart,3900821,2053013552326770905,appliances.environment.water_heater,aqua,33.20,554748717,9333dfbd\r\n"
                + "2019-10-01 00:00:09 UTC,remove_from_cart,3900821,2053013552326770905,,,0.00,554748717,\r\n");

        assertThat(r.events()).containsExactly(
                new DatasetEvent.Click(ClickEvent.newBuilder().setEventId("rees46-2").setUserId("541312140")
                        .setSessionId("72d76fde-8bb3").setType(ClickType.VIEW).setProductId("44600062")
                        .setCategoryId("2103807459595387724").setCategoryPath(null).setBrand("shiseido")
                        .setPriceMinor(3579L).setEventTime(Instant.parse("2019-10-01T00:00:00Z")).build(), 2),
                new DatasetEvent.Click(ClickEvent.newBuilder().setEventId("rees46-3").setUserId("554748717")
                        .setSessionId("9333dfbd").setType(ClickType.CART).setProductId("3900821")
                        .setCategoryId("2053013552326770905").setCategoryPath("appliances.environment.water_heater")
                        .setBrand("aqua").setPriceMinor(3320L).setEventTime(Instant.parse("2019-10-01T00:00:05Z")).build(), 3),
                new DatasetEvent.Click(ClickEvent.newBuilder().setEventId("rees46-4").setUserId("554748717")
                        .setSessionId(null).setType(ClickType.REMOVE_FROM_CART).setProductId("3900821")
                        .setCategoryId("2053013552326770905").setPriceMinor(0L)
                        .setEventTime(Instant.parse("2019-10-01T00:00:09Z")).build(), 4));
        assertThat(r.report().linesRead()).isEqualTo(3);
    }

    @Test
    void mapsAPurchaseToAnOrderOfOneUnitAtThePrice() {
        ReadResult r = TestData.read(DatasetFormat.REES46, HEADER
                + "2019-10-01 00:02:14 UTC,purchase,1004856,2053013555631882655,electronics.smartphone,samsung,130.76,543272936,8187d148\r\n",
                "rees-");

        assertThat(r.events()).containsExactly(new DatasetEvent.Purchase(PurchaseEvent.newBuilder()
                .setEventId("rees-rees46-2").setOrderId("rees-rees46-8187d148-1004856-1569888134")
                .setUserId("rees-543272936").setAmountMinor(13076L).setItemCount(1)
                .setLineItems(List.of(LineItem.newBuilder().setProductId("1004856")
                        .setCategoryId("2053013555631882655").setBrand("samsung").setQuantity(1)
                        .setUnitPriceMinor(13076L).build()))
                .setPaymentMethod(PaymentMethod.UNKNOWN)
                .setEventTime(Instant.parse("2019-10-01T00:02:14Z")).build(), 2));
    }

    @Test
    void findsColumnsByNameInAnyOrderIgnoringExtraOnesAndCase() {
        ReadResult r = TestData.read(DatasetFormat.REES46,
                "User_Id,price,Event_Type,extra,event_time,product_id,category_id\n"
                        + "541312140,35.79,view,whatever,2019-10-01 00:00:00 UTC,44600062,2103807459595387724\n");

        assertThat(r.report().malformedLines()).isZero();
        ClickEvent c = ((DatasetEvent.Click) r.events().get(0)).event();
        assertThat(c).isEqualTo(ClickEvent.newBuilder().setEventId("rees46-2").setUserId("541312140")
                .setType(ClickType.VIEW).setProductId("44600062").setCategoryId("2103807459595387724")
                .setPriceMinor(3579L).setEventTime(Instant.parse("2019-10-01T00:00:00Z")).build());
    }

    @Test
    void rejectsAHeaderThatLacksARequiredColumnNamingIt() {
        byte[] bytes = "event_time,event_type,product_id,category_id,brand,user_id\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> DatasetFormat.REES46.reader().readAll(new ByteArrayInputStream(bytes), "x.csv", ""))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("rees46 source x.csv: header lacks required column(s) [price]");
    }

    @Test
    void countsTheTruncatedLastLineAndKeepsGoingBefore() {
        ReadResult r = TestData.read(DatasetFormat.REES46, HEADER
                + "2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,35.79,541312140,72d76fde\r\n"
                + "2019-10-01 02:50:00 UTC,view,4300285,2053013552385491165,appliances.kitchen.mixer,elenberg,25.71,52040330");

        assertThat(r.events()).hasSize(1);
        assertThat(r.report().linesRead()).isEqualTo(2);
        assertThat(r.report().firstMalformed()).extracting(MalformedLine::lineNumber, MalformedLine::reason)
                .containsExactly(tuple(3L, "expected 9 fields, found 8"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2019-10-01 00:00:00 UTC,click,1,2,,,1.00,3,s|bad event_type 'click'",
            "2019-10-01 00:00:00,view,1,2,,,1.00,3,s|bad event_time '2019-10-01 00:00:00'",
            "2019-02-30 00:00:00 UTC,view,1,2,,,1.00,3,s|bad event_time '2019-02-30 00:00:00 UTC'",
            "2019-10-01 00:00:00 UTC,view,1,2,,,NaN,3,s|bad price 'NaN'",
            "2019-10-01 00:00:00 UTC,view,1,2,,,-1.00,3,s|negative price -1.00",
            "2019-10-01 00:00:00 UTC,view,1,99999999999999999999,,,1.00,3,s|bad category_id '99999999999999999999'",
            "2019-10-01 00:00:00 UTC,view,1,2,,,1.00,,s|bad user_id ''"})
    void countsABadValueAsMalformed(String bad, String reason) {
        ReadResult r = TestData.read(DatasetFormat.REES46, HEADER + bad + "\r\n");

        assertThat(r.events()).isEmpty();
        assertThat(r.report().firstMalformed()).extracting(MalformedLine::lineNumber, MalformedLine::reason)
                .containsExactly(tuple(2L, reason));
    }

    @Test
    void roundsAPriceWithMoreThanTwoDecimalsHalfUpToCents() {
        ReadResult r = TestData.read(DatasetFormat.REES46, HEADER
                + "2019-10-01 00:00:00 UTC,view,1,2,,,10.005,3,s\r\n");

        assertThat(((DatasetEvent.Click) r.events().get(0)).event().getPriceMinor()).isEqualTo(1001L);
    }
}
