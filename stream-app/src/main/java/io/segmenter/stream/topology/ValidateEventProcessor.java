package io.segmenter.stream.topology;

import io.segmenter.features.validation.RejectionReason;
import io.segmenter.features.validation.Rejection;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Checks one input event against the validation policy and the record key. Rejected events
 * carry the dead-letter headers from here on, so the dead-letter sink needs nothing else.
 * The key must be the event's user id: state is partitioned by key, so a record keyed by
 * anything else would land in another user's task.
 *
 * <p>An accepted event whose id the user sent within the grace period plus
 * {@link #DEDUP_MARGIN} (of this partition's time) is a redelivery: it is dead-lettered as
 * {@code duplicate-event} and counted as a dropped duplicate, so it is folded in once. The ids
 * live in {@value SegmentationTopology#USER_EVENT_IDS_STORE} (see {@link RecentEventIds}), shared
 * by the clicks and purchases validators of a task; each expires its own ids when it next writes
 * the user's entry, and the entry goes with the user's state when {@link UserFeatureProcessor}
 * evicts or erases the user: there is no sweep of the store. An id kept past its window never
 * makes a duplicate, because a copy of its event is older than the grace period and
 * dead-lettered as late before the ids are read.
 */
final class ValidateEventProcessor<V> implements FixedKeyProcessor<String, V, Checked<V>> {

    /** The validator, given the event and the wall-clock time; and how to read the user id. */
    interface Rules<V> {
        Optional<Rejection> validate(V event, long nowMillis);

        String userId(V event);

        long eventTimeMillis(V event);

        String eventId(V event);
    }

    /** How much longer than the grace period an event id is remembered. */
    static final Duration DEDUP_MARGIN = Duration.ofMinutes(5);

    private final Rules<V> rules;
    private final String processorName;
    private final TopologyMetrics metrics;
    private final long graceMillis;
    private final RecentEventIds.Input input;
    private long partitionTime = Long.MIN_VALUE;
    private FixedKeyProcessorContext<String, Checked<V>> context;
    private KeyValueStore<String, byte[]> recentIds;

    ValidateEventProcessor(Rules<V> rules, String processorName, Duration grace, RecentEventIds.Input input,
                           TopologyMetrics metrics) {
        this.rules = rules;
        this.graceMillis = grace.toMillis();
        this.processorName = processorName;
        this.input = input;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Checked<V>> context) {
        this.context = context;
        this.recentIds = context.getStateStore(SegmentationTopology.USER_EVENT_IDS_STORE);
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        V event = record.value();
        if (event == null) {
            // a tombstone on an input topic is not an event; keep it visible in the dead letters
            reject(record, event, RejectionReason.EMPTY_VALUE.code(), "record has no value");
            return;
        }
        Optional<Rejection> rejection = rules.validate(event, context.currentSystemTimeMs());
        if (rejection.isPresent()) {
            reject(record, event, rejection.get().reason().code(), rejection.get().detail());
            return;
        }
        String key = record.key();
        String userId = rules.userId(event);
        if (key == null || !key.equals(userId)) {
            reject(record, event, RejectionReason.KEY_MISMATCH.code(),
                    key == null ? "record key is null; the key must be the user id" : "record key differs from the event's userId");
            return;
        }
        // Lateness is judged against the newest event seen on this input partition ("partition
        // time"), not the task's stream time: the task also reads the other input topic and a
        // repartition topic, which during a catch-up can run hours ahead in event time.
        // Partition time lives in memory: after a restart it starts again from the first event.
        long eventTime = rules.eventTimeMillis(event);
        if (partitionTime != Long.MIN_VALUE && eventTime < partitionTime - graceMillis) {
            reject(record, event, RejectionReason.LATE_EVENT.code(), "event time " + java.time.Instant.ofEpochMilli(eventTime)
                    + " is more than the grace period " + java.time.Duration.ofMillis(graceMillis)
                    + " behind the newest event of its partition, " + java.time.Instant.ofEpochMilli(partitionTime));
            return;
        }
        long id = RecentEventIds.idOf(input, rules.eventId(event));
        byte[] seen = recentIds.get(key);
        // the window ends where it will once this event is accepted: a copy of it (same time) always falls inside
        if (RecentEventIds.contains(seen, id, Math.max(partitionTime, eventTime) - graceMillis - DEDUP_MARGIN.toMillis())) {
            metrics.duplicateDropped();
            reject(record, event, RejectionReason.DUPLICATE_EVENT.code(), "event id " + rules.eventId(event)
                    + " was already received from this user within the grace period");
            return;
        }
        partitionTime = Math.max(partitionTime, eventTime);
        recentIds.put(key, RecentEventIds.add(seen, id, eventTime, idCutoff()));
        context.forward(record.withValue(Checked.accepted(event)));
    }

    /** Ids of events older than this (event time) can no longer come back without being late. */
    private long idCutoff() {
        return partitionTime - graceMillis - DEDUP_MARGIN.toMillis();
    }

    private void reject(FixedKeyRecord<String, V> record, V event, String reason, String detail) {
        metrics.deadLettered(reason);
        Optional<RecordMetadata> source = context.recordMetadata();
        DeadLetters.annotate(record.headers(), reason, detail,
                source.map(RecordMetadata::topic).orElse(""),
                source.map(RecordMetadata::partition).orElse(-1),
                source.map(RecordMetadata::offset).orElse(-1L),
                processorName);
        // The dead letter is stamped with the wall clock: the broker refuses records stamped far in
        // the future, and the event's own time stays in the value.
        context.forward(record.withValue(Checked.rejected(event, reason, detail)).withTimestamp(context.currentSystemTimeMs()));
    }

    static <V> Rules<V> rules(java.util.function.BiFunction<V, Long, Optional<Rejection>> validate, Function<V, String> userId,
                              java.util.function.ToLongFunction<V> eventTime, Function<V, String> eventId) {
        return new Rules<>() {
            @Override
            public String eventId(V event) {
                return eventId.apply(event);
            }

            @Override
            public long eventTimeMillis(V event) {
                return eventTime.applyAsLong(event);
            }

            @Override
            public Optional<Rejection> validate(V event, long nowMillis) {
                return validate.apply(event, nowMillis);
            }

            @Override
            public String userId(V event) {
                return userId.apply(event);
            }
        };
    }
}
