package io.segmenter.features.dataset;

import io.segmenter.features.ReplayEvent;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.OptionalInt;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * One event read from a dataset file: the wire record plus where it came from. The wrapped Avro
 * record is never modified after construction; {@link #shiftedBy} returns a copy (sharing nested
 * line items).
 *
 * <p>{@link #lineNumber()} is the physical, 1-based line of the source (a header counts as line 1),
 * so {@code sed -n <n>p file} shows it; an event built from several lines (Online Retail invoices)
 * carries its first line.
 */
public sealed interface DatasetEvent {

    /** Event-time order; {@code List.sort} is stable, so equal times keep their input order. */
    Comparator<DatasetEvent> BY_EVENT_TIME = Comparator.comparing(DatasetEvent::eventTime);

    Instant eventTime();

    String userId();

    String eventId();

    long lineNumber();

    /** The dataset's class label (Fraud_Data: 1 fraud, 0 legitimate); empty when the source has none. */
    OptionalInt label();

    /** The wire record ({@link ClickEvent} or {@link PurchaseEvent}). */
    SpecificRecord record();

    /** The same event for {@link io.segmenter.features.OfflineFeatureReplay} (the label is not carried). */
    ReplayEvent toReplayEvent();

    /** A copy with every time (event time, account creation) moved by {@code offset}; this when zero. */
    DatasetEvent shiftedBy(Duration offset);

    /** A clickstream event. */
    record Click(ClickEvent event, long lineNumber) implements DatasetEvent {
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

        @Override
        public String eventId() {
            return event.getEventId();
        }

        @Override
        public OptionalInt label() {
            return OptionalInt.empty();
        }

        @Override
        public SpecificRecord record() {
            return event;
        }

        @Override
        public ReplayEvent toReplayEvent() {
            return ReplayEvent.of(event);
        }

        @Override
        public Click shiftedBy(Duration offset) {
            if (offset.isZero()) {
                return this;
            }
            ClickEvent shifted = copyFields(event, new ClickEvent());
            shifted.setEventTime(event.getEventTime().plus(offset));
            return new Click(shifted, lineNumber);
        }
    }

    /** A purchase, with the dataset's label when it has one. */
    record Purchase(PurchaseEvent event, long lineNumber, OptionalInt label) implements DatasetEvent {
        public Purchase {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(label, "label");
        }

        /** An unlabelled purchase. */
        public Purchase(PurchaseEvent event, long lineNumber) {
            this(event, lineNumber, OptionalInt.empty());
        }

        @Override
        public Instant eventTime() {
            return event.getEventTime();
        }

        @Override
        public String userId() {
            return event.getUserId();
        }

        @Override
        public String eventId() {
            return event.getEventId();
        }

        @Override
        public SpecificRecord record() {
            return event;
        }

        @Override
        public ReplayEvent toReplayEvent() {
            return ReplayEvent.of(event);
        }

        @Override
        public Purchase shiftedBy(Duration offset) {
            if (offset.isZero()) {
                return this;
            }
            PurchaseEvent shifted = copyFields(event, new PurchaseEvent());
            shifted.setEventTime(event.getEventTime().plus(offset));
            if (event.getAccountCreatedTime() != null) {
                shifted.setAccountCreatedTime(event.getAccountCreatedTime().plus(offset));
            }
            return new Purchase(shifted, lineNumber, label);
        }
    }

    /**
     * Copies every schema field of {@code from} into {@code to}, sharing nested values (line items),
     * which nothing modifies. Not {@code newBuilder(record)}: its deep copy resolves enum classes
     * through Avro's trusted-packages check, which fails unless something registered our package.
     */
    private static <T extends SpecificRecordBase> T copyFields(T from, T to) {
        for (Schema.Field field : from.getSchema().getFields()) {
            to.put(field.pos(), from.get(field.pos()));
        }
        return to;
    }
}
