package io.segmenter.stream.reliability;

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
import io.segmenter.stream.app.SegmenterApp;
import io.segmenter.stream.app.TopicLayout;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.replay.EventPublisher;
import io.segmenter.stream.testing.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across crashes: an instance killed with SIGKILL in the middle of a replay (a child
 * JVM running {@code segmenter run}: no shutdown hook, no close, a transaction left open) and then
 * restarted, or replaced by a second instance that held standby replicas, commits the same final
 * segment per user and the same anomalies (by order id, none twice) as an uninterrupted run of
 * the same input with the same model, and no user is missing.
 *
 * <p>The uninterrupted run is made once per class, from the same events published at once to its
 * own topics (same keys, same partition count, same order per partition); each test replays them to
 * its own input topics and its runs write their own output topics. Hysteresis is off
 * ({@code segment.switch.margin=0}, {@code segment.min.dwell=PT0S}) in both: with it on, the final
 * segment depends on which intermediate feature states the wall-clock scoring batches happened to
 * see, which differs between any two runs, crashed or not. Without it the final segment is the
 * model's choice on the final features, which exactly-once must preserve.
 */
class CrashRestartIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = KafkaBrokerExtension.embedded();

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int USERS = 600;
    /** Two, so that the standby case has a task for each instance; devices and IPs are shared within one ({@link OutageRuns#shoppers}). */
    private static final int PARTITIONS = 2;
    /** Event time spans 8 minutes (inside the 10-minute grace); replayed at this speed it takes 8 s. */
    private static final double REPLAY_SPEED = 60;
    /** The instance is killed once it has committed this share of the input. */
    private static final double KILL_AT = 0.4;

    private static String scope;
    private static FaultRegistryServer registryServer;
    private static SchemaRegistryClient registry;
    private static Admin admin;
    private static List<DatasetEvent> events;
    /** What a run that nobody interrupts commits for {@link #events}: the expectation of every test. */
    private static CrashOutputs uninterrupted;

    @TempDir
    static Path sharedDir;

    @TempDir
    Path dir;

    private final Deque<AutoCloseable> toClose = new ArrayDeque<>();

    @BeforeAll
    static void setUp() throws Exception {
        AvroTrustedPackages.trustGeneratedClasses(); // as SegmenterCli.main does
        scope = "crash-it-" + UUID.randomUUID();
        registryServer = FaultRegistryServer.serving(scope);
        registry = SchemaRegistryClients.create(registryServer.url(), Map.of());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()));
        // the recent past: inside every window, behind the wall clock
        events = OutageRuns.shoppers(Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.MINUTES), USERS, PARTITIONS);
        uninterrupted = runUninterrupted();
    }

    @AfterAll
    static void tearDown() {
        admin.close();
        registry.close();
        registryServer.close();
    }

    @AfterEach
    void closeRuns() throws Exception {
        while (!toClose.isEmpty()) {
            toClose.pop().close();
        }
    }

    @Test
    void instanceKilledMidReplayAndRestartedOnItsStateDirectoryCommitsWhatAnUninterruptedRunCommits() throws Exception {
        killMidReplayThenRestart("same", false);
    }

    @Test
    void instanceKilledMidReplayAndRestartedOnAnEmptyStateDirectoryRestoresAndCommitsWhatAnUninterruptedRunCommits()
            throws Exception {
        killMidReplayThenRestart("fresh", true);
    }

    @Test
    void survivorWithStandbyReplicasFinishesTheWorkOfAKilledInstanceAsAnUninterruptedRunWould() throws Exception {
        Map<String, String> settings = settings("standby", "standby-in", "standby-out", dir.resolve("survivor-state"));
        settings.put("kafka.num.standby.replicas", "1");
        SegmenterConfig config = OutageRuns.config(settings);
        TopicLayout.ensure(admin, config, (short) 1, WAIT);

        Map<String, String> victimSettings = new LinkedHashMap<>(settings);
        victimSettings.put("state.dir", dir.resolve("victim-state").toString());
        CrashableInstance victim = startChild(victimSettings);
        await().atMost(WAIT).ignoreExceptions().until(() -> failed(victim) || assignedMembers("standby") == 1);
        assertThat(victim.isAlive()).as("victim started; log:\n%s", victim.logTail(40)).isTrue();

        SegmenterApp survivor = startInProcess(config);
        await().atMost(WAIT).ignoreExceptions().until(() -> assignedMembers("standby") == 2
                && survivor.streams().state() == KafkaStreams.State.RUNNING
                && !tasks(survivor, true).isEmpty() && !tasks(survivor, false).isEmpty());
        Set<String> activeBefore = tasks(survivor, true);

        CompletableFuture<EventPublisher.Published> replay = replayInBackground(settings);
        killMidReplay(victim, "standby", settings);
        assertThat(replay.get(WAIT.toSeconds(), TimeUnit.SECONDS).total()).isEqualTo(events.size());

        OutageRuns.finish(survivor, config, admin);
        assertThat(tasks(survivor, true)).as("the survivor took over the victim's tasks").containsAll(activeBefore)
                .hasSizeGreaterThan(activeBefore.size());
        stop(survivor);

        assertSameAsUninterrupted(config);
    }

    private void killMidReplayThenRestart(String variant, boolean emptyStateDirectory) throws Exception {
        String applicationId = "crashed-" + variant;
        String inputs = "input-" + variant;
        Map<String, String> settings = settings(applicationId, inputs, applicationId, dir.resolve("crashed-state"));
        SegmenterConfig config = OutageRuns.config(settings);
        TopicLayout.ensure(admin, config, (short) 1, WAIT);

        CrashableInstance child = startChild(settings);
        await().atMost(WAIT).ignoreExceptions().until(() -> failed(child) || assignedMembers(applicationId) == 1);
        assertThat(child.isAlive()).as("child started; log:\n%s", child.logTail(40)).isTrue();

        CompletableFuture<EventPublisher.Published> replay = replayInBackground(settings);
        killMidReplay(child, applicationId, settings);
        assertThat(replay.get(WAIT.toSeconds(), TimeUnit.SECONDS).total()).isEqualTo(events.size());

        SegmenterConfig restart = emptyStateDirectory ? config.with("state.dir", dir.resolve("restarted-state").toString()) : config;
        SegmenterApp restarted = startInProcess(restart);
        OutageRuns.finish(restarted, restart, admin);
        stop(restarted);

        assertSameAsUninterrupted(config);
    }

    /**
     * Waits until the instance has committed {@value #KILL_AT} of the input and some output, then
     * SIGKILLs it, and checks that it had not committed everything (so the kill was mid-replay).
     */
    private void killMidReplay(CrashableInstance instance, String applicationId, Map<String, String> settings) throws Exception {
        SegmenterConfig config = OutageRuns.config(settings);
        Set<String> inputs = OutageRuns.inputTopics(config);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> OutageRuns.committedInput(admin, applicationId, inputs) >= KILL_AT * events.size() || !instance.isAlive());
        // and some output committed: scoring runs on its own interval, so committed input alone does not say so
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> CrashOutputs.readStableSoFar(config, registry).changeCount() > 0 || !instance.isAlive());
        assertThat(instance.isAlive()).as("instance alive until killed; log:\n%s", instance.logTail(40)).isTrue();
        instance.kill();
        long committed = OutageRuns.committedInput(admin, applicationId, inputs);
        assertThat(committed).as("input committed when killed").isBetween((long) (KILL_AT * events.size()), events.size() - 1L);
    }

    /** The same events, published at once to their own topics, processed by one instance that runs to the end. */
    private static CrashOutputs runUninterrupted() throws Exception {
        Map<String, String> settings = settings("uninterrupted", "uninterrupted-in", "uninterrupted", sharedDir.resolve("state"));
        SegmenterConfig config = OutageRuns.config(settings);
        TopicLayout.ensure(admin, config, (short) 1, WAIT);
        publisher(settings).publish(events, 0);
        try (SegmenterApp app = SegmenterApp.create(config, new SimpleMeterRegistry())) {
            app.start();
            assertThat(app.awaitRunning(WAIT)).isTrue();
            OutageRuns.finish(app, config, admin);
        }
        return CrashOutputs.read(config, registry);
    }

    private static void assertSameAsUninterrupted(SegmenterConfig recoveredConfig) {
        OutageRuns.assertSameAsUninterrupted(CrashOutputs.read(recoveredConfig, registry), uninterrupted, events);
    }

    /** The outage ITs' settings, on two partitions (the standby case needs a task for each instance), with HTTP and a short session. */
    private static Map<String, String> settings(String applicationId, String inputs, String outputs, Path stateDir) {
        Map<String, String> settings = OutageRuns.settings(KAFKA.bootstrapServers(), registryServer.url(), applicationId, inputs,
                outputs, stateDir);
        settings.put("topic.partitions", Integer.toString(PARTITIONS));
        settings.put("http.port", "0");
        settings.put("http.bind", "127.0.0.1");
        settings.put("http.advertised.host", "127.0.0.1");
        // a dead member leaves the group after 6 s, not the default 45 s
        settings.put("kafka.session.timeout.ms", "6000");
        settings.put("kafka.heartbeat.interval.ms", "1500");
        return settings;
    }

    private CrashableInstance startChild(Map<String, String> settings) throws Exception {
        Path log = dir.resolve(settings.get("application.id") + "-" + toClose.size() + ".log");
        CrashableInstance child = CrashableInstance.start(settings, log);
        toClose.push(child);
        return child;
    }

    private SegmenterApp startInProcess(SegmenterConfig config) {
        SegmenterApp app = SegmenterApp.create(config, new SimpleMeterRegistry());
        toClose.push(app);
        app.start();
        assertThat(app.awaitRunning(WAIT)).as("%s running", config.get("application.id")).isTrue();
        return app;
    }

    /** A clean close, which commits what the last batch sent. */
    private void stop(SegmenterApp app) {
        toClose.remove(app);
        app.close();
    }

    private static boolean failed(CrashableInstance child) {
        return !child.isAlive();
    }

    private static CompletableFuture<EventPublisher.Published> replayInBackground(Map<String, String> settings) {
        EventPublisher publisher = publisher(settings);
        return CompletableFuture.supplyAsync(() -> publisher.publish(events, REPLAY_SPEED));
    }

    private static EventPublisher publisher(Map<String, String> settings) {
        return new EventPublisher(KAFKA.bootstrapServers(), Map.of(), settings.get("topic.clicks"), settings.get("topic.purchases"),
                AvroSerdes.specific(ClickEvent.class, registry), AvroSerdes.specific(PurchaseEvent.class, registry));
    }

    /** Members of the group that hold at least one partition. */
    private static long assignedMembers(String applicationId) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(applicationId)).describedGroups()
                .get(applicationId).get();
        return group.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
    }

    private static Set<String> tasks(SegmenterApp app, boolean active) {
        Set<String> tasks = new TreeSet<>();
        for (ThreadMetadata thread : app.streams().metadataForLocalThreads()) {
            (active ? thread.activeTasks() : thread.standbyTasks()).forEach(t -> tasks.add(t.taskId().toString()));
        }
        return tasks;
    }
}
