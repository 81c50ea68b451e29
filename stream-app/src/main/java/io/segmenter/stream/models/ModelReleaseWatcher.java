package io.segmenter.stream.models;

import io.segmenter.model.ModelBundle;
import io.segmenter.schemas.avro.ModelRelease;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryUnavailableException;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.models.ModelCatalog.Installed;
import io.segmenter.stream.models.ModelCatalog.Outcome;
import io.segmenter.stream.models.ModelCatalog.Release;
import io.segmenter.stream.models.ModelCatalog.Role;
import io.segmenter.stream.scoring.LiveModels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link LiveModels} in step with the models topic ({@code topic.models}, compacted,
 * {@code ModelRelease} values). Every instance reads the whole topic itself on a dedicated
 * thread: all partitions assigned, no consumer group and no committed offsets, from the beginning
 * at each start, then following it. Each release is decoded, decided by {@link ModelCatalog},
 * validated by {@link ReleaseValidator} when it needs to be, and installed; stream threads pick
 * the new model up at their next scoring batch.
 *
 * <p>Replay order is offset order, and the latest release read wins. Compaction keeps the latest
 * record per key and never reorders, and publishing an older version again (a rollback) appends a
 * new record, so after a restart the instance ends on the same models as before it.
 *
 * <p>A release that cannot be decoded or fails validation is rejected: one WARN line with the
 * version and the reason code, {@value ModelMeters#REJECTIONS}{@code {reason}} counted, and the
 * models serving stay as they were. A schema-registry outage is not a bad release: the record is
 * read again once the registry answers.
 */
public final class ModelReleaseWatcher implements AutoCloseable {

    /** Reason code of a record whose bytes do not decode as a {@code ModelRelease}. */
    public static final String UNDECODABLE = "undecodable";

    private static final Logger LOG = LoggerFactory.getLogger(ModelReleaseWatcher.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_KEY_CHARS = 128;

    private final String topic;
    private final Consumer<byte[], byte[]> consumer;
    private final Deserializer<ModelRelease> deserializer;
    private final ReleaseValidator validator;
    private final LiveModels models;
    private final ModelCatalog<ModelBundle> catalog;
    private final ModelMeters meters;
    private final Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private volatile boolean started;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    ModelReleaseWatcher(String topic, Consumer<byte[], byte[]> consumer, Deserializer<ModelRelease> deserializer,
                        ReleaseValidator validator, LiveModels models, Optional<String> pin, ModelMeters meters) {
        this.topic = topic;
        this.consumer = consumer;
        this.deserializer = deserializer;
        this.validator = validator;
        this.models = models;
        ModelBundle startup = models.current().live();
        if (startup == null) {
            throw new IllegalArgumentException("the watcher needs a live model to start from");
        }
        this.catalog = new ModelCatalog<>(pin, new Installed<>(startup.modelVersion(), startup.fileSha256(), startup));
        this.meters = meters;
        this.thread = new Thread(this::run, "segmenter-model-watcher");
        this.thread.setDaemon(true);
        pin.filter(p -> !p.equals(startup.modelVersion())).ifPresent(p -> LOG.warn(
                "model.pin is {} but the startup model is {}: serving {} until a release of {} arrives", p,
                startup.modelVersion(), startup.modelVersion(), p));
    }

    /**
     * A watcher of {@code topic.models} that installs into {@code models} (which holds the startup
     * model) and reports on {@code meters}; {@code model.pin} from {@code config}. Not started.
     */
    public static ModelReleaseWatcher create(SegmenterConfig config, SchemaRegistryClient registry, LiveModels models,
                                             ModelMeters meters) {
        String pin = config.get("model.pin").trim();
        return new ModelReleaseWatcher(config.get("topic.models"),
                new KafkaConsumer<>(consumerProperties(config), new ByteArrayDeserializer(), new ByteArrayDeserializer()),
                AvroSerdes.specific(ModelRelease.class, registry).deserializer(), ReleaseValidator.forRunningDefinition(),
                models, pin.isEmpty() ? Optional.empty() : Optional.of(pin), meters);
    }

    static Properties consumerProperties(SegmenterConfig config) {
        Properties props = new Properties();
        // Kafka pass-through settings (security, timeouts) that a consumer knows; Streams-only ones stay out
        config.kafkaOverrides().forEach((key, value) -> {
            if (ConsumerConfig.configNames().contains(key)) {
                props.put(key, value);
            }
        });
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("bootstrap.servers"));
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.get("application.id") + "-model-watcher");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return props;
    }

    /** Starts reading the topic from its beginning. */
    public void start() {
        started = true;
        thread.start();
    }

    /**
     * Waits until the topic has been read up to where it ended when the watcher started (or is
     * known not to exist); true when it has, false on timeout.
     */
    public boolean awaitCaughtUp(Duration timeout) {
        try {
            return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
    }

    /** Whether the topic has been read up to where it ended at start. */
    public boolean caughtUp() {
        return caughtUp.getCount() == 0;
    }

    /** The version of the live model now. */
    public String liveVersion() {
        return models.current().live().modelVersion();
    }

    /** The models this watcher installs into. */
    public LiveModels models() {
        return models;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> initialEnds = consumer.endOffsets(partitions);
            markCaughtUpWhenThere(initialEnds);
            while (!stopping()) {
                ConsumerRecords<byte[], byte[]> records;
                try {
                    records = consumer.poll(POLL);
                } catch (WakeupException | InterruptException e) {
                    throw e;
                } catch (KafkaException e) {
                    LOG.warn("reading {} failed, retrying in {} s: {}", topic, RETRY.toSeconds(), e.toString());
                    pause(RETRY);
                    continue;
                }
                handleAll(records);
                markCaughtUpWhenThere(initialEnds);
            }
        } catch (WakeupException | InterruptException e) {
            if (!stopping()) {
                LOG.error("model watcher interrupted; releases are no longer followed (live {})", liveVersion());
            }
        } catch (RuntimeException e) {
            // a bug: say so loudly; the models installed keep serving
            LOG.error("model watcher stopped: releases are no longer followed (live {})", liveVersion(), e);
        } finally {
            caughtUp.countDown();
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** The topic's partitions once it exists; empty when stopped first. */
    private List<TopicPartition> awaitPartitions() {
        boolean warned = false;
        while (!stopping()) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic);
            } catch (WakeupException | InterruptException e) {
                throw e;
            } catch (KafkaException e) {
                infos = null;
                LOG.warn("cannot look up the models topic {}, retrying in {} s: {}", topic, RETRY.toSeconds(), e.toString());
            }
            if (infos != null && !infos.isEmpty()) {
                if (warned) {
                    LOG.info("models topic {} exists now; following it", topic);
                }
                return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            }
            if (infos != null && !warned) {
                // nothing to catch up with: the startup model is what there is
                LOG.warn("models topic {} does not exist; serving {} and checking again every {} s", topic, liveVersion(),
                        RETRY.toSeconds());
                caughtUp.countDown();
                warned = true;
            }
            pause(RETRY);
        }
        return List.of();
    }

    private void handleAll(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                if (stopping()) {
                    return;
                }
                if (!handle(record)) {
                    // registry outage: read this record again later
                    consumer.seek(partition, record.offset());
                    pause(RETRY);
                    return;
                }
            }
        }
    }

    /** Decides one record; false when it must be read again (the registry did not answer). */
    boolean handle(ConsumerRecord<byte[], byte[]> record) {
        String where = record.topic() + "-" + record.partition() + "@" + record.offset();
        if (record.value() == null) {
            LOG.debug("tombstone at {} ignored", where);
            return true;
        }
        ModelRelease release;
        try {
            release = deserializer.deserialize(record.topic(), record.headers(), record.value());
        } catch (RuntimeException e) {
            if (isRegistryOutage(e)) {
                LOG.warn("schema registry unavailable while decoding the model release at {}; retrying in {} s: {}",
                        where, RETRY.toSeconds(), e.getMessage());
                return false;
            }
            reject("key " + describeKey(record.key()), UNDECODABLE, e.toString(), where);
            return true;
        }
        if (release == null) {
            reject("key " + describeKey(record.key()), UNDECODABLE, "empty value", where);
            return true;
        }
        Release summary = new Release(release.getModelVersion(), role(release), release.getChecksumSha256());
        Outcome outcome = catalog.offer(summary, r -> validator.validate(release));
        apply(outcome, where);
        return true;
    }

    private void apply(Outcome outcome, String where) {
        String version = outcome.release().version();
        switch (outcome.action()) {
            case INSTALLED_LIVE, PROMOTED_SHADOW -> {
                ModelBundle before = models.installLive(catalog.live().model());
                if (models.current().shadow() != null && catalog.shadow().isEmpty()) {
                    models.installShadow(null);
                }
                meters.swapped(ModelMeters.Role.LIVE);
                LOG.info("model {} is live ({} from {}; was {})", version,
                        outcome.action() == ModelCatalog.Action.PROMOTED_SHADOW ? "promoted shadow" : "release", where,
                        before == null ? "none" : before.modelVersion());
            }
            case INSTALLED_SHADOW -> {
                models.installShadow(catalog.shadow().orElseThrow().model());
                meters.swapped(ModelMeters.Role.SHADOW);
                LOG.info("model {} is the shadow (release from {}); live stays {}", version, where, liveVersion());
            }
            case PINNED_OUT -> {
                if (outcome.firstTime()) {
                    LOG.info("model {} from {} is valid but model.pin is {}: recorded, not installed; live stays {}", version,
                            where, catalog.pin().orElse(""), liveVersion());
                }
            }
            case REJECTED -> reject("version " + version, outcome.reason(), outcome.detail(), where);
            case UNCHANGED -> LOG.debug("model {} from {} already serves in that role", version, where);
            default -> throw new IllegalStateException("unknown action " + outcome.action());
        }
        meters.refresh();
    }

    private void reject(String what, String reason, String detail, String where) {
        meters.rejected(reason);
        LOG.warn("model release rejected: {} reason={} at {}: {}; live stays {}", what, reason, where, detail, liveVersion());
    }

    private static Role role(ModelRelease release) {
        return switch (release.getRole()) {
            case LIVE -> Role.LIVE;
            case SHADOW -> Role.SHADOW;
            default -> Role.UNKNOWN;
        };
    }

    private static String describeKey(byte[] key) {
        if (key == null) {
            return "null";
        }
        String text = new String(key, StandardCharsets.UTF_8).replaceAll("[^\\x20-\\x7e]", "?");
        return text.length() > MAX_KEY_CHARS ? text.substring(0, MAX_KEY_CHARS) + "..." : text;
    }

    private static boolean isRegistryOutage(Throwable exception) {
        for (Throwable t = exception; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SchemaRegistryUnavailableException) {
                return true;
            }
        }
        return false;
    }

    private void markCaughtUpWhenThere(Map<TopicPartition, Long> ends) {
        if (caughtUp.getCount() > 0 && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
            caughtUp.countDown();
            LOG.info("models topic {} read to its end: live {}{}", topic, liveVersion(),
                    catalog.shadow().map(s -> ", shadow " + s.version()).orElse(""));
        }
    }

    private boolean stopping() {
        return stopRequested.getCount() == 0;
    }

    private void pause(Duration duration) {
        try {
            stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
    }

    /** Stops the thread (waking it from its poll) and closes the consumer. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stopRequested.countDown();
        if (!started) {
            consumer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup();
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("model watcher did not stop within {} s", CLOSE_TIMEOUT.toSeconds());
        }
    }
}
