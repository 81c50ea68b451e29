package io.segmenter.trainer.publish;

import io.segmenter.model.BundleRejectedException;
import io.segmenter.model.BundleValidator;
import io.segmenter.model.ModelBundle;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.avro.ModelRelease;
import io.segmenter.schemas.avro.ModelRole;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClients;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.schemas.serde.SpecificAvroSerde;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Offers a model bundle to running instances: validates it locally exactly as an instance will
 * ({@link BundleValidator#forRunningDefinition()}), then produces one {@link ModelRelease} with the
 * bundle inline to the compacted models topic, acks=all and idempotent, and waits for the ack.
 *
 * <p>Key: the role in lower case ({@code live} or {@code shadow}), as the {@code ModelRelease}
 * schema documents, so compaction keeps the latest release per role and rollback is publishing an
 * older bundle again. Value: Avro in the Confluent wire format, subject {@code <topic>-value}.
 * {@code checksumSha256} is the SHA-256 of the bytes sent. When the topic does not exist it is
 * created compacted, with one partition (so every instance reads releases in publish order).
 */
public final class ModelPublisher implements AutoCloseable {

    /** The default models topic ({@code topic.models} of the stream). */
    public static final String DEFAULT_TOPIC = "segment-models";

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(60);

    /**
     * What was published.
     *
     * @param topic     the topic
     * @param partition its partition
     * @param offset    the record's offset
     * @param key       the record key
     * @param release   the record value
     */
    public record Published(String topic, int partition, long offset, String key, ModelRelease release) {
    }

    private final KafkaSettings settings;
    private final String topic;
    private final Clock clock;
    private final SchemaRegistryClient registry;
    private final SpecificAvroSerde<ModelRelease> serde;

    public ModelPublisher(KafkaSettings settings, String topic, Clock clock) {
        AvroTrustedPackages.trustGeneratedClasses();
        this.settings = Objects.requireNonNull(settings, "settings");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.registry = SchemaRegistryClients.create(settings.schemaRegistryUrl(), settings.clientConfig());
        this.serde = AvroSerdes.specific(ModelRelease.class, registry);
    }

    /**
     * The record key of a release: its model version. Compaction then keeps the latest record of
     * every version, so a corrupt release never compacts away the last valid one, and publishing an
     * older version again (a rollback) appends a record that wins by offset order.
     */
    public static String key(ModelRelease release) {
        return release.getModelVersion();
    }

    /**
     * Validates {@code bundleBytes} and publishes them as {@code role}.
     *
     * @param notes free text for the release (why, what changed); null for none
     * @throws BundleRejectedException when the bundle would be rejected by an instance: nothing is sent
     * @throws KafkaException          when the send fails or is not acknowledged in time
     */
    public Published publish(byte[] bundleBytes, ModelRole role, String notes) throws BundleRejectedException {
        if (role != ModelRole.LIVE && role != ModelRole.SHADOW) {
            throw new IllegalArgumentException("publish as LIVE or SHADOW, not " + role);
        }
        ModelBundle bundle = BundleValidator.forRunningDefinition().load(bundleBytes);
        ModelRelease release = ModelRelease.newBuilder()
                .setModelVersion(bundle.modelVersion())
                .setRole(role)
                .setCreatedTime(bundle.createdTime())
                .setPublishedTime(clock.instant())
                .setChecksumSha256(ModelBundle.sha256Hex(bundleBytes))
                .setFeatureDefinitionHash(bundle.featureDefinitionHash())
                .setBundle(ByteBuffer.wrap(bundleBytes.clone()))
                .setBundleUri(null)
                .setMetrics(new TreeMap<>(bundle.trainingMetrics()))
                .setNotes(notes)
                .build();
        ensureTopic();
        Map<String, Object> props = settings.clientProperties(Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1_048_576, bundleBytes.length + 65_536),
                ProducerConfig.CLIENT_ID_CONFIG, "model-trainer-publish"));
        String key = key(release);
        byte[] value = serde.serializer().serialize(topic, release);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            RecordMetadata md = producer.send(new ProducerRecord<>(topic, key, value))
                    .get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new Published(md.topic(), md.partition(), md.offset(), key, release);
        } catch (ExecutionException e) {
            throw new KafkaException("publishing " + bundle.modelVersion() + " to " + topic + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("publishing " + bundle.modelVersion() + " to " + topic + " was not acknowledged in "
                    + SEND_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing", e);
        }
    }

    /** Creates the topic, compacted, when it does not exist. */
    private void ensureTopic() {
        try (Admin admin = Admin.create(settings.clientProperties(Map.of()))) {
            Set<String> names = admin.listTopics().names().get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (names.contains(topic)) {
                return;
            }
            int brokers = admin.describeCluster().nodes().get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            NewTopic t = new NewTopic(topic, 1, (short) Math.min(3, Math.max(1, brokers)))
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(t)).all().get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException) {
                return; // created meanwhile by someone else
            }
            throw new KafkaException("cannot create or check topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("Kafka at " + settings.bootstrapServers() + " did not answer in " + SEND_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted", e);
        }
    }

    @Override
    public void close() {
        serde.close();
        registry.close();
    }
}
