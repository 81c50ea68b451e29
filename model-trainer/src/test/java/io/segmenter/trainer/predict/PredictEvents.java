package io.segmenter.trainer.predict;

import io.segmenter.features.ReplayEvent;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Small builders for the prediction tests; fixed instants only. */
final class PredictEvents {

    /** Monday 2024-03-04 00:00 UTC. */
    static final Instant BASE = Instant.parse("2024-03-04T00:00:00Z");

    private static final AtomicLong IDS = new AtomicLong();

    static {
        AvroTrustedPackages.trustGeneratedClasses();
    }

    private PredictEvents() {
    }

    static Instant at(Duration offset) {
        return BASE.plus(offset);
    }

    static ReplayEvent view(String user, Instant at) {
        return ReplayEvent.of(ClickEvent.newBuilder()
                .setEventId("c-" + IDS.incrementAndGet())
                .setUserId(user)
                .setType(ClickType.VIEW)
                .setEventTime(at)
                .build());
    }

    static ReplayEvent purchase(String user, Instant at) {
        long id = IDS.incrementAndGet();
        return ReplayEvent.of(PurchaseEvent.newBuilder()
                .setEventId("p-" + id)
                .setOrderId("o-" + id)
                .setUserId(user)
                .setAmountMinor(1_000)
                .setItemCount(1)
                .setEventTime(at)
                .build());
    }
}
