package io.segmenter.stream.topology;

import io.segmenter.features.validation.RejectionReason;
import io.segmenter.features.validation.Rejection;
import java.util.Optional;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Checks one input event against the validation policy and the record key. Rejected events
 * carry the dead-letter headers from here on, so the dead-letter sink needs nothing else.
 * The key must be the event's user id: state is partitioned by key, so a record keyed by
 * anything else would land in another user's task.
 */
final class ValidateEventProcessor<V> implements FixedKeyProcessor<String, V, Checked<V>> {

    /** The validator, given the event and the wall-clock time; and how to read the user id. */
    interface Rules<V> {
        Optional<Rejection> validate(V event, long nowMillis);

        String userId(V event);

        long eventTimeMillis(V event);
    }

    private final Rules<V> rules;
    private final String processorName;
    private final TopologyMetrics metrics;
    private final long graceMillis;
    private long partitionTime = Long.MIN_VALUE;
    private FixedKeyProcessorContext<String, Checked<V>> context;

    ValidateEventProcessor(Rules<V> rules, String processorName, java.time.Duration grace, TopologyMetrics metrics) {
        this.rules = rules;
        this.graceMillis = grace.toMillis();
        this.processorName = processorName;
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Checked<V>> context) {
        this.context = context;
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
        partitionTime = Math.max(partitionTime, eventTime);
        context.forward(record.withValue(Checked.accepted(event)));
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
                              java.util.function.ToLongFunction<V> eventTime) {
        return new Rules<>() {
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
