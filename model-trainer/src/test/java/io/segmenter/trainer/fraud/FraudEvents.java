package io.segmenter.trainer.fraud;

import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;

/** Fraud_Data-style dataset events for tests: fixed instants, explicit devices, IPs and labels. */
final class FraudEvents {

    /** Monday 2024-03-04 00:00 UTC. */
    static final Instant BASE = Instant.parse("2024-03-04T00:00:00Z");

    private static final AtomicLong IDS = new AtomicLong();

    static {
        AvroTrustedPackages.trustGeneratedClasses();
    }

    private FraudEvents() {
    }

    static Instant at(Duration offset) {
        return BASE.plus(offset);
    }

    /**
     * A purchase of {@code amount} by {@code user} at {@code at}, {@code accountAge} after sign-up;
     * a null {@code ip} gives the purchase an address no other purchase has.
     */
    static DatasetEvent.Purchase purchase(String user, Instant at, Duration accountAge, String device, String ip,
                                          double amount, OptionalInt label) {
        long id = IDS.incrementAndGet();
        String address = ip != null ? ip : "10." + (id >> 16 & 255) + "." + (id >> 8 & 255) + "." + (id & 255);
        PurchaseEvent event = PurchaseEvent.newBuilder()
                .setEventId("p-" + id)
                .setOrderId("o-" + id)
                .setUserId(user)
                .setAmountMinor(Math.round(amount * 100))
                .setCurrency("USD")
                .setItemCount(1)
                .setDeviceId(device)
                .setIp(address)
                .setAccountCreatedTime(at.minus(accountAge))
                .setEventTime(at)
                .build();
        return new DatasetEvent.Purchase(event, id, label);
    }

    static DatasetEvent.Purchase fraud(String user, Instant at, Duration accountAge, String device) {
        return purchase(user, at, accountAge, device, null, 40, OptionalInt.of(1));
    }

    static DatasetEvent.Purchase legitimate(String user, Instant at, Duration accountAge, String device) {
        return purchase(user, at, accountAge, device, null, 40, OptionalInt.of(0));
    }

    static DatasetEvent.Purchase unlabelled(String user, Instant at, Duration accountAge, String device) {
        return purchase(user, at, accountAge, device, null, 40, OptionalInt.empty());
    }

    static DatasetEvent.Click view(String user, Instant at) {
        long id = IDS.incrementAndGet();
        return new DatasetEvent.Click(ClickEvent.newBuilder()
                .setEventId("c-" + id)
                .setUserId(user)
                .setType(ClickType.VIEW)
                .setEventTime(at)
                .build(), id);
    }
}
