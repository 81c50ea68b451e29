package io.segmenter.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.PaymentMethod;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class DatasetEventTest {

    private static final Instant AT = Instant.parse("2015-04-18T02:47:00Z");
    private static final Duration SHIFT = Duration.ofDays(1_000).plusSeconds(7);

    private static PurchaseEvent purchase(Instant at, Instant created) {
        return PurchaseEvent.newBuilder().setEventId("fd-fraud-data-2").setOrderId("o").setUserId("fd-22058")
                .setAmountMinor(3400L).setCurrency("USD").setItemCount(1)
                .setLineItems(List.of(LineItem.newBuilder().setProductId("p").setQuantity(1).setUnitPriceMinor(3400L).build()))
                .setPaymentMethod(PaymentMethod.UNKNOWN).setDeviceId("fd-D").setIp("43.173.1.96")
                .setAccountCreatedTime(created).setEventTime(at).build();
    }

    private static ClickEvent click(Instant at) {
        return ClickEvent.newBuilder().setEventId("tb-taobao-1").setUserId("tb-1").setSessionId("s")
                .setType(ClickType.CART).setProductId("2").setCategoryId("3").setPriceMinor(100L).setEventTime(at).build();
    }

    @Test
    void shiftingAPurchaseMovesEventAndAccountCreationTimesKeepingAllElseAndTheOriginal() {
        DatasetEvent.Purchase original = new DatasetEvent.Purchase(purchase(AT, AT.minusSeconds(60)), 2, OptionalInt.of(1));

        DatasetEvent shifted = original.shiftedBy(SHIFT);

        assertThat(shifted).isEqualTo(new DatasetEvent.Purchase(
                purchase(AT.plus(SHIFT), AT.minusSeconds(60).plus(SHIFT)), 2, OptionalInt.of(1)));
        assertThat(original).isEqualTo(new DatasetEvent.Purchase(purchase(AT, AT.minusSeconds(60)), 2, OptionalInt.of(1)));
    }

    @Test
    void shiftingAClickMovesOnlyItsTimeAndZeroShiftIsTheSameEvent() {
        DatasetEvent.Click original = new DatasetEvent.Click(click(AT), 1);

        assertThat(original.shiftedBy(SHIFT.negated())).isEqualTo(new DatasetEvent.Click(click(AT.minus(SHIFT)), 1));
        assertThat(original.shiftedBy(Duration.ZERO)).isSameAs(original);
        assertThat(original.label()).isEmpty();
        assertThat(original.record()).isSameAs(original.event());
    }
}
