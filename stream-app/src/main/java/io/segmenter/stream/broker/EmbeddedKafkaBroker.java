package io.segmenter.stream.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker running inside this JVM: KRaft, one process in the combined
 * broker and controller roles, built from Kafka's own server classes (no test jars).
 *
 * <p>It listens on {@code 127.0.0.1} on free ports, keeps its data in a temporary directory that
 * {@link #close()} deletes, can be {@link #stop() stopped} and {@link #startAgain() started again} on
 * the same directory and ports (a broker restart, as clients see one), and is set up for one node:
 * <ul>
 *   <li>exactly-once capable: the offsets and transaction-state topics have replication factor 1
 *       and one partition each (three replicas and fifty partitions by default);</li>
 *   <li>{@code auto.create.topics.enable=false}: tests and {@code demo} create their topics
 *       explicitly ({@link #createTopics}), so a misspelt topic name fails instead of silently
 *       creating a one-partition topic;</li>
 *   <li>no initial rebalance delay for classic and streams groups; an 8 MB log-cleaner buffer
 *       (the default takes 128 MB of heap at startup); 16 MB log segments, so that compaction
 *       and retention, which never touch the active segment, act on a demo-sized log.</li>
 * </ul>
 * {@link Builder#brokerProperty} overrides any of these. {@link Builder#saslSslListener} and
 * {@link Builder#mutualTlsListener} add secured client listeners (TLS with SASL/PLAIN, or TLS with
 * required client certificates) beside the plaintext one, which the broker keeps for itself. While a broker runs, Kafka's
 * {@code Exit.halt}/{@code Exit.exit} throw instead of ending the JVM, and the Yammer metrics the
 * server leaves behind are cleared after the last one stops (see {@link BrokerJvmState}).
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
 *     kafka.createTopics(List.of(new NewTopic("user-clicks", 3, (short) 1)));
 *     props.put(BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    /** The listener that {@link #bootstrapServers()} points at. */
    public static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String HOST = "127.0.0.1";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int START_ATTEMPTS = 3;
    private static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration OPERATION_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ADMIN_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Distinct node ids keep the JMX names of brokers that overlap in one JVM apart. */
    private static final AtomicInteger NEXT_NODE_ID = new AtomicInteger(1);

    private final Path directory;
    private final int nodeId;
    private final String clusterId;
    private final Map<String, Integer> listenerPorts;
    /** The broker's configuration, kept to start it again on the same directory and ports. */
    private final Properties serverProperties;
    private final Duration startupTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Guards {@link #server} and {@link #admin}, which {@link #stop()} and {@link #startAgain()} replace. */
    private final Object lifecycle = new Object();
    private KafkaRaftServer server;
    private Admin admin;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Admin admin, Path directory, int nodeId, String clusterId,
                                Map<String, Integer> listenerPorts, Properties serverProperties, Duration startupTimeout) {
        this.server = server;
        this.admin = admin;
        this.directory = directory;
        this.nodeId = nodeId;
        this.clusterId = clusterId;
        this.listenerPorts = Map.copyOf(listenerPorts);
        this.serverProperties = serverProperties;
        this.startupTimeout = startupTimeout;
    }

    /** Starts a broker with the defaults and returns once it accepts clients. */
    public static EmbeddedKafkaBroker start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code 127.0.0.1:<port>} of the plaintext client listener. */
    public String bootstrapServers() {
        return bootstrapServers(CLIENT_LISTENER);
    }

    /** {@code 127.0.0.1:<port>} of a listener added with {@link Builder#listener}. */
    public String bootstrapServers(String listenerName) {
        Integer port = listenerPorts.get(listenerName.toUpperCase(Locale.ROOT));
        if (port == null || CONTROLLER_LISTENER.equals(listenerName.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("No client listener " + listenerName + "; have "
                    + clientListenerNames());
        }
        return HOST + ":" + port;
    }

    public String clusterId() {
        return clusterId;
    }

    public int nodeId() {
        return nodeId;
    }

    /** The temporary directory holding the logs and metadata; deleted by {@link #close()}. */
    public Path directory() {
        return directory;
    }

    /**
     * Creates the topics and waits until each partition has a leader.
     *
     * @throws KafkaException if a topic exists already or cannot be created
     */
    public void createTopics(Collection<NewTopic> topics) {
        Topics.createAndAwaitLeaders(runningAdmin(), topics, OPERATION_TIMEOUT);
    }

    /** Creates one topic with replication factor 1 and the given topic configs. */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)));
    }

    /**
     * Stops the broker as a crash of its host would look to clients (connections refused), but
     * keeps its directory, node id, cluster id and ports, so that {@link #startAgain()} brings the
     * same broker back with its topics, offsets and transaction state. Does nothing if stopped.
     */
    public void stop() {
        synchronized (lifecycle) {
            ensureOpen();
            if (server == null) {
                return;
            }
            long started = System.nanoTime();
            try {
                shutDown(server, admin);
            } finally {
                server = null;
                admin = null;
            }
            log.info("Kafka broker {} (node {}) stopped in {} ms, data kept in {}",
                    bootstrapServers(), nodeId, elapsedMs(started), directory);
        }
    }

    /**
     * Starts a {@link #stop() stopped} broker again on the same directory, node id, cluster id and
     * listener ports (no format), and returns once it lists itself to an Admin client, as
     * {@link Builder#start()} does. Does nothing if it runs.
     *
     * @throws KafkaException if it does not come back, e.g. because another process took a port
     */
    public void startAgain() {
        synchronized (lifecycle) {
            ensureOpen();
            if (server != null) {
                return;
            }
            long started = System.nanoTime();
            KafkaRaftServer restarted = null;
            Admin restartedAdmin = null;
            try {
                restarted = new KafkaRaftServer(KafkaConfig.fromProps(serverProperties, false), Time.SYSTEM);
                restarted.startup();
                restartedAdmin = newAdmin(listenerPorts, nodeId);
                awaitBrokerListed(restartedAdmin, nodeId, started + startupTimeout.toNanos());
            } catch (RuntimeException | Error e) {
                if (restartedAdmin != null) {
                    Utils.closeQuietly(restartedAdmin, "embedded broker admin client", log);
                }
                if (restarted != null) {
                    shutDownQuietly(restarted);
                }
                if (causedByBindFailure(e) || anyTaken(listenerPorts.values())) {
                    throw new KafkaException("Kafka broker could not start again: another process took one of its ports "
                            + listenerPorts.values(), e);
                }
                throw e instanceof KafkaException ke ? ke : new KafkaException("Kafka broker failed to start again", e);
            }
            server = restarted;
            admin = restartedAdmin;
            log.info("Kafka broker {} (node {}) up again in {} ms", bootstrapServers(), nodeId, elapsedMs(started));
        }
    }

    /** {@link #stop()} then {@link #startAgain()}. */
    public void restart() {
        stop();
        startAgain();
    }

    /** Whether the broker serves clients: started and not {@link #stop() stopped} or closed. */
    public boolean isRunning() {
        synchronized (lifecycle) {
            return server != null && !closed.get();
        }
    }

    /** Stops the broker (if it runs) and deletes its directory. Safe to call more than once. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            long started = System.nanoTime();
            try {
                if (server != null) {
                    shutDown(server, admin);
                }
            } finally {
                server = null;
                admin = null;
                BrokerJvmState.release();
                deleteQuietly(directory);
            }
            log.info("Kafka broker {} closed in {} ms", bootstrapServers(), elapsedMs(started));
        }
    }

    private static void shutDown(KafkaRaftServer server, Admin admin) {
        Utils.closeQuietly(() -> admin.close(ADMIN_CLOSE_TIMEOUT), "embedded broker admin client", log);
        server.shutdown();
        server.awaitShutdown();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("Embedded Kafka broker at " + bootstrapServers() + " is closed");
        }
    }

    private Admin runningAdmin() {
        synchronized (lifecycle) {
            ensureOpen();
            if (admin == null) {
                throw new IllegalStateException("Embedded Kafka broker at " + bootstrapServers() + " is stopped");
            }
            return admin;
        }
    }

    private static Admin newAdmin(Map<String, Integer> listenerPorts, int nodeId) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, HOST + ":" + listenerPorts.get(CLIENT_LISTENER),
                AdminClientConfig.CLIENT_ID_CONFIG, "embedded-broker-admin-" + nodeId));
    }

    /** Every listener's port, the controller's included. */
    Map<String, Integer> listenerPorts() {
        return listenerPorts;
    }

    private List<String> clientListenerNames() {
        return listenerPorts.keySet().stream()
                .filter(name -> !CONTROLLER_LISTENER.equals(name))
                .sorted()
                .collect(Collectors.toList());
    }

    /** Picks one distinct free port per listener, in the order of {@code listeners}. */
    @FunctionalInterface
    interface PortPicker {
        List<Integer> pick(List<String> listeners);
    }

    /** Extra broker settings and listeners, applied on top of the single-node defaults. */
    public static final class Builder {
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private final Map<String, SecurityProtocol> extraListeners = new LinkedHashMap<>();
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private PortPicker portPicker = listeners -> freeLoopbackPorts(listeners.size());

        private Builder() {
        }

        /** Sets a broker property, replacing the default if there is one. */
        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        public Builder brokerProperties(Map<String, String> properties) {
            overrides.putAll(properties);
            return this;
        }

        /**
         * Adds a client listener on its own free port, e.g. {@code listener("SASL_PLAINTEXT",
         * SecurityProtocol.SASL_PLAINTEXT)}; its {@code listener.name.<name>.*} settings go through
         * {@link #brokerProperty}. Inter-broker and controller traffic stay on plaintext listeners.
         */
        public Builder listener(String name, SecurityProtocol protocol) {
            String upper = name.toUpperCase(Locale.ROOT);
            if (upper.equals(CLIENT_LISTENER) || upper.equals(CONTROLLER_LISTENER)) {
                throw new IllegalArgumentException("Listener name " + name + " is taken by the broker itself");
            }
            extraListeners.put(upper, protocol);
            return this;
        }

        /**
         * Adds a {@code SASL_SSL} client listener: TLS with the broker's key store, then SASL/PLAIN
         * against {@code users} (name to password). Clients need {@code security.protocol=SASL_SSL},
         * a trust store holding the key store's issuer, {@code sasl.mechanism=PLAIN} and a
         * {@code PlainLoginModule} JAAS line. No authorizer runs: an authenticated user may do anything.
         */
        public Builder saslSslListener(String name, KeyStoreFile keyStore, Map<String, String> users) {
            if (users.isEmpty()) {
                throw new IllegalArgumentException("A SASL/PLAIN listener needs at least one user");
            }
            String prefix = listenerPrefix(name);
            listener(name, SecurityProtocol.SASL_SSL);
            keyStoreProperties(prefix, keyStore);
            overrides.put(prefix + "sasl.enabled.mechanisms", "PLAIN");
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            users.forEach((user, password) -> jaas.append(" user_").append(jaasToken(user)).append("=\"")
                    .append(jaasToken(password)).append('"'));
            overrides.put(prefix + "plain.sasl.jaas.config", jaas.append(';').toString());
            return this;
        }

        /**
         * Adds an {@code SSL} client listener that requires a client certificate issued by a
         * certificate in {@code trustStore} (mutual TLS); the client's principal is its subject.
         */
        public Builder mutualTlsListener(String name, KeyStoreFile keyStore, KeyStoreFile trustStore) {
            String prefix = listenerPrefix(name);
            listener(name, SecurityProtocol.SSL);
            keyStoreProperties(prefix, keyStore);
            overrides.put(prefix + "ssl.truststore.location", trustStore.location().toString());
            overrides.put(prefix + "ssl.truststore.password", trustStore.password());
            overrides.put(prefix + "ssl.truststore.type", trustStore.type());
            overrides.put(prefix + "ssl.client.auth", "required");
            return this;
        }

        private void keyStoreProperties(String prefix, KeyStoreFile keyStore) {
            overrides.put(prefix + "ssl.keystore.location", keyStore.location().toString());
            overrides.put(prefix + "ssl.keystore.password", keyStore.password());
            overrides.put(prefix + "ssl.key.password", keyStore.password());
            overrides.put(prefix + "ssl.keystore.type", keyStore.type());
        }

        private static String listenerPrefix(String name) {
            return "listener.name." + name.toLowerCase(Locale.ROOT) + ".";
        }

        /** User names and passwords go between JAAS quotes: no quote, backslash, blank or '='. */
        private static String jaasToken(String value) {
            if (value.isEmpty() || value.chars().anyMatch(c -> c == '"' || c == '\\' || c == '=' || Character.isWhitespace(c))) {
                throw new IllegalArgumentException("SASL/PLAIN user names and passwords must be non-empty, without"
                        + " quotes, backslashes, '=' or blanks");
            }
            return value;
        }

        /** How long {@link #start()} may take before it gives up; 60 s by default. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = timeout;
            return this;
        }

        /** Visible for tests: where the ports come from. */
        Builder portPicker(PortPicker picker) {
            this.portPicker = picker;
            return this;
        }

        /**
         * Formats a fresh directory, starts the broker and returns once the broker answers an
         * Admin {@code describeCluster} listing itself. If another process takes one of the
         * chosen ports before the broker binds it, starts again on new ports (three attempts).
         *
         * @throws KafkaException if the broker does not start
         */
        public EmbeddedKafkaBroker start() {
            // Held across attempts (a thread of a failed attempt may still fault while the next
            // starts); a started broker hands it back on close.
            BrokerJvmState.acquire();
            EmbeddedKafkaBroker broker = null;
            try {
                KafkaException lastClash = null;
                for (int attempt = 1; attempt <= START_ATTEMPTS && broker == null; attempt++) {
                    try {
                        broker = startOnce();
                    } catch (PortClashException e) {
                        log.warn("Kafka broker start failed (attempt {} of {}): {}",
                                attempt, START_ATTEMPTS, e.getMessage());
                        lastClash = e;
                    }
                }
                if (broker == null) {
                    throw new KafkaException("Kafka broker could not bind free ports in " + START_ATTEMPTS
                            + " attempts", lastClash);
                }
                return broker;
            } finally {
                if (broker == null) {
                    BrokerJvmState.release();
                }
            }
        }

        private EmbeddedKafkaBroker startOnce() {
            long started = System.nanoTime();
            long deadline = started + startupTimeout.toNanos();
            int nodeId = NEXT_NODE_ID.getAndIncrement();
            String clusterId = Uuid.randomUuid().toString();
            Map<String, Integer> listenerPorts = assignPorts();
            Path directory = createTempDirectory();
            Path logDir = directory.resolve("log");

            KafkaRaftServer server = null;
            Admin admin = null;
            try {
                Properties props = brokerProperties(nodeId, listenerPorts, logDir);
                format(nodeId, clusterId, logDir);
                server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
                server.startup();
                admin = newAdmin(listenerPorts, nodeId);
                awaitBrokerListed(admin, nodeId, deadline);
                EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, admin, directory, nodeId, clusterId,
                        listenerPorts, props, startupTimeout);
                log.info("Kafka broker {} (node {}) up in {} ms, data in {}",
                        broker.bootstrapServers(), nodeId, elapsedMs(started), directory);
                return broker;
            } catch (RuntimeException | Error e) {
                if (admin != null) {
                    Utils.closeQuietly(admin, "embedded broker admin client", log);
                }
                if (server != null) {
                    shutDownQuietly(server);
                }
                deleteQuietly(directory);
                if (causedByBindFailure(e) || anyTaken(listenerPorts.values())) {
                    throw new PortClashException(listenerPorts.values(), e);
                }
                if (e instanceof RuntimeException && !(e instanceof KafkaException)) {
                    throw new KafkaException("Kafka broker failed to start", e);
                }
                throw e;
            }
        }

        private Map<String, Integer> assignPorts() {
            List<String> names = new ArrayList<>();
            names.add(CLIENT_LISTENER);
            names.add(CONTROLLER_LISTENER);
            names.addAll(extraListeners.keySet());
            List<Integer> ports = portPicker.pick(List.copyOf(names));
            Map<String, Integer> assigned = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                assigned.put(names.get(i), ports.get(i));
            }
            return assigned;
        }

        // Plain strings: these are the documented server.properties keys. The Java constants for
        // them live in internal classes that Kafka moves between modules from release to release.
        private Properties brokerProperties(int nodeId, Map<String, Integer> ports, Path logDir) {
            String listeners = ports.entrySet().stream()
                    .map(entry -> entry.getKey() + "://" + HOST + ":" + entry.getValue())
                    .collect(Collectors.joining(","));
            String advertised = ports.entrySet().stream()
                    .filter(entry -> !CONTROLLER_LISTENER.equals(entry.getKey()))
                    .map(entry -> entry.getKey() + "://" + HOST + ":" + entry.getValue())
                    .collect(Collectors.joining(","));
            Map<String, SecurityProtocol> protocols = new LinkedHashMap<>();
            protocols.put(CLIENT_LISTENER, SecurityProtocol.PLAINTEXT);
            protocols.put(CONTROLLER_LISTENER, SecurityProtocol.PLAINTEXT);
            protocols.putAll(extraListeners);
            String protocolMap = protocols.entrySet().stream()
                    .map(entry -> entry.getKey() + ":" + entry.getValue().name)
                    .collect(Collectors.joining(","));

            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", Integer.toString(nodeId));
            props.put("controller.quorum.voters", nodeId + "@" + HOST + ":" + ports.get(CONTROLLER_LISTENER));
            props.put("controller.listener.names", CONTROLLER_LISTENER);
            props.put("inter.broker.listener.name", CLIENT_LISTENER);
            props.put("listeners", listeners);
            props.put("advertised.listeners", advertised);
            props.put("listener.security.protocol.map", protocolMap);
            props.put("log.dirs", logDir.toString());

            props.put("auto.create.topics.enable", "false");
            props.put("num.partitions", "1");
            props.put("default.replication.factor", "1");
            props.put("min.insync.replicas", "1");
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "1");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("transaction.state.log.num.partitions", "1");
            // a crashed producer's open transaction hides everything committed after it from read_committed
            // readers until it is aborted: check for timed-out transactions every second, not every 10 s
            props.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            props.put("group.streams.initial.rebalance.delay.ms", "0");

            props.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
            props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
            props.putAll(overrides);
            return props;
        }
    }

    private static void format(int nodeId, String clusterId, Path logDir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setUnstableFeatureVersionsEnabled(false)
                    .run();
        } catch (Exception e) {
            throw new KafkaException("Could not format " + logDir, e);
        }
    }

    private static void awaitBrokerListed(Admin admin, int nodeId, long deadline) {
        try {
            while (true) {
                long remaining = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                boolean listed = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) remaining))
                        .nodes().get(remaining, TimeUnit.MILLISECONDS)
                        .stream().anyMatch(node -> node.id() == nodeId);
                if (listed) {
                    return;
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new KafkaException("Kafka broker started but did not list itself in time");
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("Kafka broker started but does not answer clients", e);
        } catch (InterruptedException e) {
            throw new InterruptException(e);
        }
    }

    /** Binds {@code count} ephemeral ports at once (so they differ), then releases them. */
    static List<Integer> freeLoopbackPorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            InetAddress host = InetAddress.getByName(HOST);
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 0, host));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        } finally {
            sockets.forEach(socket -> Utils.closeQuietly(socket, "port probe"));
        }
    }

    /**
     * Whether another process holds one of {@code ports}. Needed besides the exception chain
     * because a controller that cannot bind reports it through its fatal-fault handler, which
     * logs the {@code BindException} and calls {@code Exit.halt} (see {@link BrokerJvmState}).
     */
    private static boolean anyTaken(Collection<Integer> ports) {
        InetAddress host;
        try {
            host = InetAddress.getByName(HOST);
        } catch (IOException e) {
            return false;
        }
        for (int port : ports) {
            try (ServerSocket probe = new ServerSocket(port, 0, host)) {
                log.trace("Port {} is free again", probe.getLocalPort());
            } catch (IOException e) {
                return true;
            }
        }
        return false;
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("segmenter-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a directory for the Kafka broker", e);
        }
    }

    private static void shutDownQuietly(KafkaRaftServer server) {
        try {
            server.shutdown();
        } catch (RuntimeException e) {
            log.debug("Ignoring failure to shut down a broker that did not start", e);
        }
    }

    private static void deleteQuietly(Path directory) {
        try {
            Utils.delete(directory.toFile());
        } catch (IOException e) {
            log.warn("Could not delete Kafka broker directory {}: {}", directory, e.toString());
        }
    }

    private static boolean causedByBindFailure(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static long elapsedMs(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    /** A port chosen as free was taken before the broker could bind it. */
    private static final class PortClashException extends KafkaException {
        private static final long serialVersionUID = 1L;

        PortClashException(Collection<Integer> ports, Throwable cause) {
            super("another process took one of the ports " + ports, cause);
        }
    }
}
