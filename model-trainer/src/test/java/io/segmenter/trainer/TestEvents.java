package io.segmenter.trainer;

import io.segmenter.features.ReplayEvent;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Small builders for replay events; fixed instants only. */
final class TestEvents {

    /** Monday 2024-03-04 00:00 UTC. */
    static final Instant BASE = Instant.parse("2024-03-04T00:00:00Z");

    private static final AtomicLong IDS = new AtomicLong();

    static {
        AvroTrustedPackages.trustGeneratedClasses();
    }

    private TestEvents() {
    }

    static Instant at(Duration offset) {
        return BASE.plus(offset);
    }

    static Duration hours(long h) {
        return Duration.ofHours(h);
    }

    static Duration days(long d) {
        return Duration.ofDays(d);
    }

    static ReplayEvent click(String user, ClickType type, Instant at) {
        return ReplayEvent.of(ClickEvent.newBuilder()
                .setEventId("c-" + IDS.incrementAndGet())
                .setUserId(user)
                .setType(type)
                .setEventTime(at)
                .build());
    }

    static ReplayEvent view(String user, Instant at) {
        return click(user, ClickType.VIEW, at);
    }

    static ReplayEvent cart(String user, Instant at) {
        return click(user, ClickType.CART, at);
    }

    static ReplayEvent purchase(String user, double amount, Instant at) {
        long id = IDS.incrementAndGet();
        return ReplayEvent.of(PurchaseEvent.newBuilder()
                .setEventId("p-" + id)
                .setOrderId("o-" + id)
                .setUserId(user)
                .setAmountMinor(Math.round(amount * 100))
                .setItemCount(1)
                .setEventTime(at)
                .build());
    }
}
