package io.segmenter.stream.app;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;

/**
 * Tells whether a Kafka Streams application has processed everything on its input and
 * repartition topics: its group's committed offsets reach every partition's end offset. With
 * exactly-once this is the only honest "done": committed offsets advance only with the
 * transaction that holds the results.
 */
public final class ProcessingProgress {

    private final Admin admin;
    private final String applicationId;

    public ProcessingProgress(Admin admin, String applicationId) {
        this.admin = admin;
        this.applicationId = applicationId;
    }

    /** Records still to process on {@code inputTopics} plus the application's repartition topics. */
    public long lag(Set<String> inputTopics) {
        try {
            Set<String> topics = new java.util.HashSet<>(inputTopics);
            admin.listTopics().names().get().stream()
                    .filter(t -> t.startsWith(applicationId + "-") && t.endsWith("-repartition"))
                    .forEach(topics::add);
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((name, description) ->
                    description.partitions().forEach(p -> request.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get();
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get();
            long lag = 0;
            for (var end : ends.entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                long position = done == null ? 0 : done.offset();
                lag += Math.max(0, end.getValue().offset() - position);
            }
            return lag;
        } catch (ExecutionException e) {
            throw new KafkaException("cannot read offsets of " + applicationId + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
    }

    /**
     * Waits until {@link #lag} is zero, polling every 200 ms; returns false on timeout.
     * Transaction markers occupy offsets too, so "zero" is checked against the consumer's
     * committed position, which steps over them.
     */
    public boolean awaitCaughtUp(Set<String> inputTopics, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (lag(inputTopics) == 0) {
                return true;
            }
            try {
                TimeUnit.MILLISECONDS.sleep(200);
            } catch (InterruptedException e) {
                throw new InterruptException(e);
            }
        }
        return false;
    }
}
