package io.segmenter.stream.app;

import io.segmenter.stream.broker.Topics;
import io.segmenter.stream.config.SegmenterConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InterruptException;

/**
 * The topics this application reads and writes, with their settings: compaction for the
 * segment-change and model topics (the latest record per key is the state), time retention for
 * the rest. Used by {@code demo} and the tests; production topics are created by the
 * deployment (docker-compose, Kubernetes) with the same settings.
 */
public final class TopicLayout {

    private TopicLayout() {
    }

    public static List<NewTopic> topics(SegmenterConfig config, short replicationFactor) {
        int partitions = config.getInt("topic.partitions");
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(config.get("topic.clicks"), partitions, replicationFactor));
        topics.add(new NewTopic(config.get("topic.purchases"), partitions, replicationFactor));
        topics.add(new NewTopic(config.get("topic.dead-letters"), partitions, replicationFactor)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(30).toMillis()))));
        topics.add(new NewTopic(config.get("topic.segment-changes"), partitions, replicationFactor)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        topics.add(new NewTopic(config.get("topic.fraud-anomalies"), partitions, replicationFactor));
        // deletion requests are keyed by user id and partitioned like the inputs, so each reaches the user's task
        // deletion requests name users themselves: kept 7 days, long enough to be processed, not for ever
        topics.add(new NewTopic(config.get("topic.user-deletions"), partitions, replicationFactor)
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(7).toMillis()))));
        topics.add(new NewTopic(config.get("topic.models"), 1, replicationFactor)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        return topics;
    }

    /** Creates whichever of the topics do not exist yet. */
    public static void ensure(Admin admin, SegmenterConfig config, short replicationFactor, Duration timeout) {
        try {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics(config, replicationFactor).stream().filter(t -> !existing.contains(t.name())).toList();
            Topics.createAndAwaitLeaders(admin, missing, timeout);
        } catch (ExecutionException e) {
            throw new KafkaException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("cannot list topics within " + timeout, e);
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
    }
}
