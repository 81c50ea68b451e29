package io.segmenter.features;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/** One input event of an {@link OfflineFeatureReplay}: a click or a purchase. */
public sealed interface ReplayEvent {

    /**
     * Event-time order. {@code List.sort} is stable, so events with equal times keep their input
     * order, which is then also the order in which a replay to the topics must send them.
     */
    Comparator<ReplayEvent> BY_EVENT_TIME = Comparator.comparing(ReplayEvent::eventTime);

    Instant eventTime();

    String userId();

    static ReplayEvent of(ClickEvent click) {
        return new Click(click);
    }

    static ReplayEvent of(PurchaseEvent purchase) {
        return new Purchase(purchase);
    }

    record Click(ClickEvent event) implements ReplayEvent {
        public Click {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public Instant eventTime() {
            return event.getEventTime();
        }

        @Override
        public String userId() {
            return event.getUserId();
        }
    }

    record Purchase(PurchaseEvent event) implements ReplayEvent {
        public Purchase {
            Objects.requireNonNull(event, "event");
        }

        @Override
        public Instant eventTime() {
            return event.getEventTime();
        }

        @Override
        public String userId() {
            return event.getUserId();
        }
    }
}
