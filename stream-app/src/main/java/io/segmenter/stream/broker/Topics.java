package io.segmenter.stream.broker;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates topics and returns only once every partition has a leader the brokers know of. */
public final class Topics {
    private static final long POLL_INTERVAL_MS = 25;

    private Topics() {
    }

    /**
     * Creates {@code topics} and waits until the broker answering {@code admin} reports a leader
     * for every partition.
     *
     * <p>The controller acknowledges a creation before the brokers have applied it. A client that
     * checks for the topic at once (Kafka Streams does, for its source topics, and then fails with
     * {@code MissingSourceTopicException}) may not see it yet, so this also waits for the metadata.
     *
     * @throws KafkaException if a topic cannot be created (it exists, a config is invalid, ...)
     *     or its partitions have no leader within {@code timeout}
     */
    public static void createAndAwaitLeaders(Admin admin, Collection<NewTopic> topics, Duration timeout) {
        if (topics.isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Set<String> names = topics.stream().map(NewTopic::name).collect(Collectors.toSet());
        try {
            admin.createTopics(topics).all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
            while (!allPartitionsLed(admin, names, deadline) || !allLeadersAnswer(admin, names, deadline)) {
                if (remainingMs(deadline) == 0) {
                    throw new KafkaException("Topics " + names + " created but without leaders after " + timeout);
                }
                TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL_MS);
            }
        } catch (ExecutionException e) {
            throw new KafkaException("Could not create topics " + names, e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("Topics " + names + " not created within " + timeout, e);
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
    }

    private static boolean allPartitionsLed(Admin admin, Set<String> names, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> descriptions;
        try {
            descriptions = admin.describeTopics(names).allTopicNames()
                    .get(remainingMs(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
        return descriptions.values().stream()
                .flatMap(description -> description.partitions().stream())
                .allMatch(partition -> partition.leader() != null && !partition.leader().isEmpty());
    }

    /**
     * Whether every partition's leader answers a request for its end offset. A leader named in the
     * metadata may not have loaded the partition yet: producers writing at once then got
     * NOT_LEADER_OR_FOLLOWER and, on this machine under load, batches that expired unsent.
     */
    private static boolean allLeadersAnswer(Admin admin, Set<String> names, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(names).allTopicNames().get(remainingMs(deadline), TimeUnit.MILLISECONDS)
                .forEach((name, description) -> description.partitions()
                        .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        try {
            admin.listOffsets(latest).all().get(remainingMs(deadline), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                return false;
            }
            throw e;
        }
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }
}
