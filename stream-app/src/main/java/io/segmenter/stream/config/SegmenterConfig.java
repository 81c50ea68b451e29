package io.segmenter.stream.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The application's configuration, immutable once built.
 *
 * <p>Merge order, each layer overriding the one before: built-in defaults &lt; properties file
 * &lt; environment ({@code SEGMENTER_*} for our settings, {@code KAFKA_*} passed to the Kafka
 * clients) &lt; command-line flags. Keys starting with {@code kafka.} in the file or flags are
 * passed to Kafka Streams and its clients without the prefix; {@code KAFKA_SASL_MECHANISM}
 * becomes {@code sasl.mechanism}.
 */
public final class SegmenterConfig {

    public static final List<Setting> SETTINGS = List.of(
            new Setting("application.id", "segmenter", "Kafka Streams application id: instances with the same id share the work."),
            new Setting("bootstrap.servers", "localhost:9092", "Kafka bootstrap servers."),
            new Setting("schema.registry.url", "mock://segmenter", "Schema Registry URL (http://, https://, or mock://<scope> for the in-memory registry)."),
            new Setting("schema.registry.basic.auth.user.info", "", "user:password for registry basic auth; empty for none."),
            new Setting("topic.clicks", "user-clicks", "Input topic of ClickEvent records, keyed by user id."),
            new Setting("topic.purchases", "user-purchases", "Input topic of PurchaseEvent records, keyed by user id."),
            new Setting("topic.dead-letters", "dead-letters", "Where rejected input goes, original bytes plus reason headers."),
            new Setting("topic.segment-changes", "segment-changes", "Compacted output topic of SegmentChange records, keyed by user id."),
            new Setting("topic.fraud-anomalies", "fraud-anomalies", "Output topic of FraudAnomaly records, keyed by user id."),
            new Setting("topic.models", "segment-models", "Compacted topic of ModelRelease records read by every instance."),
            new Setting("topic.user-deletions", "user-deletions", "Input topic of deletion requests (key: user id): the user is removed from every store and a tombstone goes to segment-changes."),
            new Setting("topic.partitions", "4", "Partitions used when this application creates its topics (demo, tests)."),
            new Setting("state.dir", "", "Directory of the RocksDB state stores; empty for a directory under java.io.tmpdir."),
            new Setting("processing.guarantee", "exactly_once_v2", "exactly_once_v2 (default) or at_least_once."),
            new Setting("num.stream.threads", "1", "Stream threads per instance."),
            new Setting("commit.interval.ms", "100", "Kafka Streams commit interval."),
            new Setting("grace", "PT10M", "How far behind stream time an event may arrive and still count (ISO-8601 duration); later events are dead-lettered as late."),
            new Setting("max.clock.skew", "PT5M", "Events timestamped further than this ahead of the wall clock are rejected."),
            new Setting("min.event.time", "1990-01-01T00:00:00Z", "Events timestamped before this instant are rejected."),
            new Setting("max.unit.price", "1000000", "Largest plausible unit price (currency units); above it a click is rejected."),
            new Setting("max.order.amount", "10000000", "Largest plausible order total (currency units); above it a purchase is rejected."),
            new Setting("max.event.bytes", "65536", "Largest input value accepted (bytes); a larger one is dead-lettered as oversized before it is decoded."),
            new Setting("max.item.count", "10000", "Largest plausible number of items in one order."),
            new Setting("scoring.interval", "PT0.25S", "How often (wall clock) the users whose features changed are scored together; no purchase waits longer than this for its fraud score. Shorter: lower latency, smaller DL4J batches (docs/benchmarks.md)."),
            new Setting("scoring.max.batch", "1024", "A task scores at once, without waiting for the interval, when this many users or purchases are waiting."),
            new Setting("segment.switch.margin", "0.1", "Hysteresis: a user moves to a new segment only when its probability beats the current segment's by at least this much."),
            new Setting("segment.min.dwell", "PT30M", "Hysteresis: a user stays in a segment at least this long (event time) before moving to another; the first assignment is immediate."),
            new Setting("reasons.count", "3", "How many reasons a segment change and how many contributing features an anomaly carries."),
            new Setting("anomaly.dedup.window", "P7D", "How long an order id is remembered so that a redelivered purchase raises no second anomaly."),
            new Setting("model.file", "", "Model bundle (zip) to start with; empty for the default model shipped in the jar."),
            new Setting("model.pin", "", "Model version to keep serving; releases of other versions are validated and recorded but not installed. Empty to follow the models topic."),
            new Setting("http.auth.token", "", "Bearer token the interactive-query endpoints (/users) require; empty for none. Health and metrics stay open."),
            new Setting("http.bind", "0.0.0.0", "Address the HTTP server (queries, health, metrics) binds to."),
            new Setting("http.port", "8080", "Port of the HTTP server; 0 picks a free port."),
            new Setting("http.advertised.host", "", "Host other instances use to reach this one for interactive queries; empty for the machine's host name."));

    private static final Map<String, Setting> BY_KEY = SETTINGS.stream()
            .collect(Collectors.toUnmodifiableMap(Setting::key, Function.identity()));

    private final Map<String, String> values;
    private final Map<String, String> kafkaOverrides;

    private SegmenterConfig(Map<String, String> values, Map<String, String> kafkaOverrides) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.kafkaOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(kafkaOverrides));
    }

    /** Defaults only. */
    public static SegmenterConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String get(String key) {
        if (!BY_KEY.containsKey(key)) {
            throw new IllegalArgumentException("unknown setting '" + key + "'");
        }
        return values.get(key);
    }

    public int getInt(String key) {
        String value = get(key);
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "an integer");
        }
    }

    public long getLong(String key) {
        String value = get(key);
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "an integer");
        }
    }

    /** A finite decimal number. */
    public double getDouble(String key) {
        String value = get(key);
        try {
            double parsed = Double.parseDouble(value.trim());
            if (Double.isFinite(parsed)) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(key, value, "a finite decimal number such as 0.1");
    }

    public Duration getDuration(String key) {
        String value = get(key);
        try {
            return Duration.parse(value.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(key, value, "an ISO-8601 duration such as PT10M");
        }
    }

    public Instant getInstant(String key) {
        String value = get(key);
        try {
            return Instant.parse(value.trim());
        } catch (RuntimeException e) {
            throw new ConfigException(key, value, "an ISO-8601 instant such as 1990-01-01T00:00:00Z");
        }
    }

    /** Kafka client/Streams properties given with the kafka. prefix or as KAFKA_* variables. */
    public Map<String, String> kafkaOverrides() {
        return kafkaOverrides;
    }

    /** Every setting with its effective value, in documentation order. */
    public Map<String, String> asMap() {
        return values;
    }

    /** A copy with one setting changed (used by the demo and tests to point at their broker). */
    public SegmenterConfig with(String key, String value) {
        return builder().putAll(this).set(key, value).build();
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>(values);
        shown.replace("schema.registry.basic.auth.user.info", values.get("schema.registry.basic.auth.user.info").isEmpty() ? "" : "****");
        shown.replace("http.auth.token", values.get("http.auth.token").isEmpty() ? "" : "****");
        return "SegmenterConfig" + shown;
    }

    /** Thrown when a value does not parse; names the key and what was expected. */
    public static final class ConfigException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        ConfigException(String key, String value, String expected) {
            super("setting '" + key + "' has value '" + value + "', expected " + expected);
        }
    }

    /** Layers are applied in the order their methods are called: call them in merge order. */
    public static final class Builder {
        private final Map<String, String> values = new LinkedHashMap<>();
        private final Map<String, String> kafka = new LinkedHashMap<>();

        private Builder() {
            SETTINGS.forEach(s -> values.put(s.key(), s.defaultValue()));
        }

        Builder putAll(SegmenterConfig other) {
            values.putAll(other.values);
            kafka.putAll(other.kafkaOverrides);
            return this;
        }

        public Builder set(String key, String value) {
            if (key.startsWith("kafka.")) {
                kafka.put(key.substring("kafka.".length()), value);
                return this;
            }
            if (!BY_KEY.containsKey(key)) {
                throw new IllegalArgumentException("unknown setting '" + key + "'; known: " + BY_KEY.keySet().stream().sorted().toList());
            }
            values.put(key, value);
            return this;
        }

        public Builder file(Path path) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(path)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read configuration file " + path + ": " + e.getMessage(), e);
            }
            properties.stringPropertyNames().stream().sorted().forEach(k -> set(k, properties.getProperty(k)));
            return this;
        }

        public Builder environment(Map<String, String> env) {
            for (Setting setting : SETTINGS) {
                String value = env.get(setting.environmentVariable());
                if (value != null) {
                    values.put(setting.key(), value);
                }
            }
            env.forEach((name, value) -> {
                if (name.startsWith("KAFKA_") && name.length() > "KAFKA_".length() && !isKafkaToolingVariable(name)) {
                    kafka.put(name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
                }
            });
            return this;
        }

        /**
         * KAFKA_HOME, KAFKA_OPTS, KAFKA_HEAP_OPTS and the like belong to Kafka's shell scripts, and
         * KAFKA_PORT / KAFKA_SERVICE_HOST to Kubernetes service links for a service named kafka:
         * none is a client setting.
         */
        static boolean isKafkaToolingVariable(String name) {
            return name.equals("KAFKA_HOME") || name.endsWith("_OPTS") || name.equals("KAFKA_DEBUG")
                    || name.startsWith("KAFKA_PORT") || name.startsWith("KAFKA_SERVICE_");
        }

        public SegmenterConfig build() {
            return new SegmenterConfig(values, kafka);
        }
    }
}
