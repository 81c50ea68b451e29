package io.segmenter.stream.reliability;

import static io.segmenter.stream.reliability.OutageRuns.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClients;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.schemas.serde.SpecificAvroSerializer;
import io.segmenter.schemas.serde.WireFormat;
import io.segmenter.stream.app.SegmenterApp;
import io.segmenter.stream.app.TopicLayout;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.ops.Readiness;
import io.segmenter.stream.testing.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema-registry outage in the middle of processing, with the HTTP registry client: the
 * registry ({@link FaultRegistryServer}) refuses connections for {@value #OUTAGE_SECONDS} s while
 * the second part of the input arrives. That part holds clicks written by a second producer with
 * a newer, compatible ClickEvent schema (one more optional field) whose id the instance has never
 * seen, so it cannot decode them until the registry is back; and one record naming a schema id the
 * registry does not know at all.
 *
 * <p>The instance must wait, not dead-letter the valid records and not lose its stream thread;
 * readiness must say {@code schema-registry-unreachable} during the outage and ready after; the
 * record of the unknown id must still be dead-lettered (the registry, once back, answers 404
 * 40403 for it); and the committed outputs must equal those of an uninterrupted run of the same
 * bytes.
 */
class RegistryOutageIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.embedded();

    private static final int USERS = 300;
    private static final int OUTAGE_SECONDS = 6;
    /** Input before the outage; the rest, with every newer-schema click, arrives during it. */
    private static final double BEFORE_OUTAGE = 0.4;
    private static final int UNKNOWN_SCHEMA_ID = 987_654;

    private static FaultRegistryServer registryServer;
    private static SchemaRegistryClient registry;
    private static Admin admin;
    private static List<DatasetEvent> events;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        AvroTrustedPackages.trustGeneratedClasses();
        registryServer = FaultRegistryServer.serving("registry-outage-" + UUID.randomUUID());
        registry = SchemaRegistryClients.create(registryServer.url(), Map.of());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
        events = OutageRuns.shoppers(Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES), USERS);
    }

    @AfterAll
    static void tearDown() {
        admin.close(Duration.ofSeconds(5));
        registry.close();
        registryServer.close();
    }

    @Test
    void registryOutageIsWaitedOutReportedInReadinessAndLosesOrDeadLettersNothingValid() throws Exception {
        CrashOutputs uninterrupted = runUninterrupted();

        SegmenterConfig config = OutageRuns.config(OutageRuns.settings(KAFKA.bootstrapServers(), registryServer.url(),
                "registry-outage", "outage-in", "outage-out", dir.resolve("state")));
        TopicLayout.ensure(admin, config, (short) 1, WAIT);
        List<ProducerRecord<String, byte[]>> input = encode(config);
        int split = (int) (BEFORE_OUTAGE * events.size());
        List<KafkaStreams.State> states = new CopyOnWriteArrayList<>();
        try (SegmenterApp app = SegmenterApp.create(config, new SimpleMeterRegistry())) {
            app.addStateListener((now, before) -> states.add(now));
            app.start();
            assertThat(app.awaitRunning(WAIT)).isTrue();
            Readiness readiness = OutageRuns.readiness(app);
            await().atMost(WAIT).until(() -> readiness.evaluate().ready());
            Set<String> threads = OutageRuns.streamThreads(app);

            send(input.subList(0, split));
            Set<String> inputs = OutageRuns.inputTopics(config);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                    .until(() -> OutageRuns.committedInput(admin, "registry-outage", inputs) >= split);

            long downAt = System.nanoTime();
            registryServer.goDown();
            send(input.subList(split, input.size()));
            await().atMost(Duration.ofSeconds(OUTAGE_SECONDS + 20)).pollInterval(Duration.ofMillis(100)).until(() -> {
                Readiness.Check check = readiness.evaluate().checks().get("schema-registry");
                return !check.up() && "schema-registry-unreachable".equals(check.details().get("reason"))
                        && System.nanoTime() - downAt >= TimeUnit.SECONDS.toNanos(OUTAGE_SECONDS);
            });
            assertThat(app.streams().state()).as("the stream thread waits; the client stays RUNNING")
                    .isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(OutageRuns.committedInput(admin, "registry-outage", inputs)).as("input committed during the outage")
                    .isLessThan(input.size());
            assertThat(app.streamsRegistry().unavailableErrors()).isPositive();
            registryServer.comeBack();

            await().atMost(WAIT).until(() -> readiness.evaluate().ready());
            OutageRuns.finish(app, config, admin);

            assertThat(states).as("state changes").doesNotContain(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR);
            assertThat(OutageRuns.streamThreads(app)).as("no stream thread was replaced").isEqualTo(threads);
            assertThat(app.streamsRegistry().waitingCalls()).isZero();
        }
        OutageRuns.assertSameAsUninterrupted(CrashOutputs.read(config, registry), uninterrupted, events, 1);
    }

    private CrashOutputs runUninterrupted() {
        SegmenterConfig config = OutageRuns.config(OutageRuns.settings(KAFKA.bootstrapServers(), registryServer.url(),
                "uninterrupted", "uninterrupted-in", "uninterrupted-out", dir.resolve("uninterrupted-state")));
        TopicLayout.ensure(admin, config, (short) 1, WAIT);
        send(encode(config));
        try (SegmenterApp app = SegmenterApp.create(config, new SimpleMeterRegistry())) {
            app.start();
            assertThat(app.awaitRunning(WAIT)).isTrue();
            OutageRuns.finish(app, config, admin);
        }
        return CrashOutputs.read(config, registry);
    }

    /**
     * The input of one run as bytes, in event order: clicks of the part after {@link #BEFORE_OUTAGE}
     * of every third user in the newer schema (registered now, while the registry is up), the rest
     * with the generated classes' schemas, and, in the middle of the second part, one record with
     * an id the registry never gave out.
     */
    private static List<ProducerRecord<String, byte[]>> encode(SegmenterConfig config) {
        String clicks = config.get("topic.clicks");
        String purchases = config.get("topic.purchases");
        SpecificAvroSerializer<ClickEvent> clickSerializer = new SpecificAvroSerializer<>(ClickEvent.class, registry);
        var purchaseSerializer = AvroSerdes.specific(PurchaseEvent.class, registry).serializer();
        Schema newer = newerClickSchema();
        int newerId = registry.register(SpecificAvroSerializer.subject(clicks, false), newer);
        assertThat(newerId).isNotEqualTo(clickSerializer.schemaId(clicks));
        int split = (int) (BEFORE_OUTAGE * events.size());
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            DatasetEvent event = events.get(i);
            if (event instanceof DatasetEvent.Click click) {
                boolean newerWriter = i >= split && Math.floorMod(event.userId().hashCode(), 3) == 0;
                byte[] bytes = newerWriter ? encodeNewer(newer, newerId, click.event())
                        : clickSerializer.serialize(clicks, click.event());
                records.add(new ProducerRecord<>(clicks, event.userId(), bytes));
            } else {
                records.add(new ProducerRecord<>(purchases, event.userId(),
                        purchaseSerializer.serialize(purchases, ((DatasetEvent.Purchase) event).event())));
            }
            if (i == split + (events.size() - split) / 2) {
                byte[] unknown = ByteBuffer.allocate(WireFormat.HEADER_SIZE + 4).put(WireFormat.MAGIC_BYTE)
                        .putInt(UNKNOWN_SCHEMA_ID).putInt(0).array();
                records.add(new ProducerRecord<>(clicks, "user-with-unknown-schema", unknown));
            }
        }
        return records;
    }

    /** ClickEvent with one more field, optional with a default: a compatible evolution. */
    private static Schema newerClickSchema() {
        Schema current = ClickEvent.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        current.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("campaignId",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "Marketing campaign the click came from, if any.", org.apache.avro.JsonProperties.NULL_VALUE));
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    private static byte[] encodeNewer(Schema newer, int newerId, ClickEvent click) {
        GenericRecord record = new GenericData.Record(newer);
        for (Schema.Field field : ClickEvent.getClassSchema().getFields()) {
            record.put(field.name(), click.get(field.pos()));
        }
        record.put("campaignId", "spring-sale");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(WireFormat.MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(newerId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            // the generated class's model: it converts the Instant and enum values the fields hold
            new SpecificDatumWriter<GenericRecord>(newer, SpecificData.getForClass(ClickEvent.class)).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void send(List<ProducerRecord<String, byte[]>> records) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            records.forEach(producer::send);
            producer.flush();
        }
    }
}
