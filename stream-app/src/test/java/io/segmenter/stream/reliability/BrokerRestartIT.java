package io.segmenter.stream.reliability;

import static io.segmenter.stream.reliability.OutageRuns.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.registry.MockSchemaRegistry;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClients;
import io.segmenter.stream.app.SegmenterApp;
import io.segmenter.stream.app.TopicLayout;
import io.segmenter.stream.broker.EmbeddedKafkaBroker;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.ops.Readiness;
import io.segmenter.stream.replay.EventPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker restart in the middle of a replay, with exactly-once (the default): the only broker of
 * the cluster stops while the instance is processing and the publisher keeps sending, then comes
 * back on the same directory and ports. The instance must ride it out in the same process (no
 * ERROR state, no replaced stream thread), report the outage in readiness ({@code kafka-unreachable})
 * and ready again after, and commit the same segments and anomalies as an uninterrupted run of the
 * same input: none duplicated, none missing, nothing dead-lettered.
 *
 * <p>Two outages. {@value #SHORT_OUTAGE_SECONDS} s is longer than the app's commit interval,
 * scoring interval and readiness probe, so commits, punctuation sends and fetches all fail and
 * retry, and shorter than the EOS transaction timeout (10 s): the clients ride it out by retrying,
 * as they would a rolling broker restart. {@value #LONG_OUTAGE_SECONDS} s outlasts the transaction
 * timeout (and is still shorter than the consumer's session timeout, 45 s, and the producers'
 * delivery timeout, 120 s). When the broker is back, either the stream thread's retried commit
 * reaches the transaction coordinator first and the transaction commits, or the coordinator aborts
 * it as timed out (it checks every second here) and fences the producer, and the instance redoes
 * that work from the last commit. Which one happens is a race the test does not control (in the
 * runs so far the commit got through: no fencing was logged); either way nothing may be lost or
 * doubled.
 */
class BrokerRestartIT {

    private static final int USERS = 400;
    private static final double REPLAY_SPEED = 60;
    private static final int SHORT_OUTAGE_SECONDS = 7;
    private static final int LONG_OUTAGE_SECONDS = 20;
    private static final double STOP_AT = 0.3;

    private static EmbeddedKafkaBroker broker;
    private static String scope;
    private static SchemaRegistryClient registry;
    private static Admin admin;
    private static List<DatasetEvent> events;
    /** What a run that nobody interrupts commits for {@link #events}: the expectation of both tests. */
    private static CrashOutputs uninterrupted;

    @TempDir
    static Path sharedDir;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        AvroTrustedPackages.trustGeneratedClasses();
        broker = EmbeddedKafkaBroker.start();
        scope = "broker-restart-" + UUID.randomUUID();
        registry = SchemaRegistryClients.create("mock://" + scope, Map.of());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
        events = OutageRuns.shoppers(Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES), USERS);
        uninterrupted = runUninterrupted();
    }

    @AfterAll
    static void tearDown() {
        admin.close(Duration.ofSeconds(5));
        registry.close();
        broker.close();
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void brokerRestartedMidReplayIsRiddenOutReportedInReadinessAndCommitsWhatAnUninterruptedRunCommits() throws Exception {
        restartMidReplay(SHORT_OUTAGE_SECONDS);
    }

    @Test
    void anOutageLongerThanTheTransactionTimeoutIsRiddenOutAndLosesNothing() throws Exception {
        restartMidReplay(LONG_OUTAGE_SECONDS);
    }

    private void restartMidReplay(int outageSeconds) throws Exception {
        // idles up to 2 s for purchases behind clicks (OutageRuns.settings): after the restart the
        // publisher's buffered purchases reach the broker before its buffered clicks, the case that
        // showed why the comparison needs it
        String name = "restarted-broker-" + outageSeconds + "s";
        SegmenterConfig config = OutageRuns.config(
                OutageRuns.settings(broker.bootstrapServers(), "mock://" + scope, name, name + "-in", name + "-out",
                        dir.resolve("state")));
        TopicLayout.ensure(admin, config, (short) 1, WAIT);
        Set<String> inputs = OutageRuns.inputTopics(config);
        List<KafkaStreams.State> states = new CopyOnWriteArrayList<>();
        try (SegmenterApp app = SegmenterApp.create(config, new SimpleMeterRegistry())) {
            app.addStateListener((now, before) -> states.add(now));
            app.start();
            assertThat(app.awaitRunning(WAIT)).isTrue();
            Readiness readiness = OutageRuns.readiness(app);
            await().atMost(WAIT).until(() -> readiness.evaluate().ready());
            Set<String> threads = OutageRuns.streamThreads(app);

            EventPublisher publisher = OutageRuns.publisher(config, registry);
            CompletableFuture<EventPublisher.Published> replay = CompletableFuture.supplyAsync(() -> publisher.publish(events, REPLAY_SPEED));
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                    .until(() -> OutageRuns.committedInput(admin, name, inputs) >= STOP_AT * events.size());

            long stoppedAt = System.nanoTime();
            broker.stop();
            assertThat(replay).as("the replay was still sending when the broker stopped").isNotDone();
            await().atMost(Duration.ofSeconds(outageSeconds + 10)).pollInterval(Duration.ofMillis(100)).until(() -> {
                Readiness.Check kafka = readiness.evaluate().checks().get("kafka");
                return !kafka.up() && "kafka-unreachable".equals(kafka.details().get("reason"))
                        && System.nanoTime() - stoppedAt >= TimeUnit.SECONDS.toNanos(outageSeconds);
            });
            assertThat(readiness.evaluate().ready()).as("not ready while the broker is down").isFalse();
            broker.startAgain();

            assertThat(replay.get(WAIT.toSeconds(), TimeUnit.SECONDS).total()).isEqualTo(events.size());
            assertThat(recordsIn(Set.of(config.get("topic.clicks"), config.get("topic.purchases"))))
                    .as("input records on the broker after its restart").isEqualTo(events.size());
            await().atMost(WAIT).until(() -> readiness.evaluate().ready());
            OutageRuns.finish(app, config, admin);

            assertThat(states).as("state changes").doesNotContain(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR);
            assertThat(OutageRuns.streamThreads(app)).as("no stream thread was replaced").isEqualTo(threads);
            assertThat(readiness.evaluate().ready()).isTrue();
        }
        OutageRuns.assertSameAsUninterrupted(CrashOutputs.read(config, registry), uninterrupted, events);
    }

    /** Records in {@code topics}: written without transactions, so the end offsets count them. */
    private static long recordsIn(Set<String> topics) throws Exception {
        Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new java.util.HashMap<>();
        for (String topic : topics) {
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest()));
        }
        return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    }

    private static CrashOutputs runUninterrupted() {
        SegmenterConfig config = OutageRuns.config(OutageRuns.settings(broker.bootstrapServers(), "mock://" + scope,
                "uninterrupted", "uninterrupted-in", "uninterrupted-out", sharedDir.resolve("uninterrupted-state")));
        TopicLayout.ensure(admin, config, (short) 1, WAIT);
        OutageRuns.publisher(config, registry).publish(events, 0);
        try (SegmenterApp app = SegmenterApp.create(config, new SimpleMeterRegistry())) {
            app.start();
            assertThat(app.awaitRunning(WAIT)).isTrue();
            OutageRuns.finish(app, config, admin);
        }
        return CrashOutputs.read(config, registry);
    }
}
