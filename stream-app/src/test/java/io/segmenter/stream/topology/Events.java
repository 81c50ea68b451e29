package io.segmenter.stream.topology;

import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Small builders of input events for the topology tests; every time is given by the caller. */
final class Events {

    /** Monday 2024-03-04 00:00 UTC: an edge of every minute, hour and day tile. */
    static final Instant BASE = Instant.parse("2024-03-04T00:00:00Z");

    private static final AtomicLong IDS = new AtomicLong();

    static {
        // the builders deep-copy defaults (the empty lineItems), which Avro 1.12 only does for trusted classes
        AvroTrustedPackages.trustGeneratedClasses();
    }

    private Events() {
    }

    static ClickEvent.Builder clickBuilder(String user, ClickType type, Instant at) {
        return ClickEvent.newBuilder()
                .setEventId("c-" + IDS.incrementAndGet())
                .setUserId(user)
                .setType(type)
                .setEventTime(at);
    }

    static ClickEvent click(String user, ClickType type, Instant at) {
        return clickBuilder(user, type, at).build();
    }

    static ClickEvent view(String user, Instant at) {
        return click(user, ClickType.VIEW, at);
    }

    /** A purchase of one item for {@code amount} currency units. */
    static PurchaseEvent.Builder purchaseBuilder(String user, double amount, Instant at) {
        long id = IDS.incrementAndGet();
        return PurchaseEvent.newBuilder()
                .setEventId("p-" + id)
                .setOrderId("o-" + id)
                .setUserId(user)
                .setAmountMinor(Math.round(amount * 100))
                .setItemCount(1)
                .setEventTime(at);
    }

    static PurchaseEvent purchase(String user, double amount, Instant at, String device, String ip) {
        return purchaseBuilder(user, amount, at).setDeviceId(device).setIp(ip).build();
    }

    /** A purchase that names no device and no IP. */
    static PurchaseEvent purchase(String user, double amount, Instant at) {
        return purchaseBuilder(user, amount, at).build();
    }
}
