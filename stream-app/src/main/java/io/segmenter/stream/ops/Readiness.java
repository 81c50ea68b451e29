package io.segmenter.stream.ops;

import io.segmenter.schemas.registry.RetryingSchemaRegistryClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What "ready to serve" means for this instance: every named check is up: {@code streams} (the
 * Kafka Streams client is RUNNING), {@code model} (a valid model is loaded), {@code kafka} (the
 * cluster answers, {@link #kafkaReachable}) and {@code schema-registry} (no stream thread waits for
 * the registry, {@link #schemaRegistryAnswering}).
 *
 * <p>Thread-safe: checks are added while wiring, evaluated by HTTP threads.
 */
public final class Readiness {

    /** The outcome of one check; {@code details} are small, low-cardinality strings (a state, a version). */
    public record Check(boolean up, Map<String, String> details) {

        public Check {
            details = Map.copyOf(details);
        }

        public static Check up(Map<String, String> details) {
            return new Check(true, details);
        }

        public static Check down(Map<String, String> details) {
            return new Check(false, details);
        }
    }

    /** Every check's outcome, in the order they were added; ready when all are up. */
    public record Report(Map<String, Check> checks) {

        public Report {
            checks = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(checks));
        }

        public boolean ready() {
            return checks.values().stream().allMatch(Check::up);
        }
    }

    private final Map<String, Supplier<Check>> checks = new LinkedHashMap<>();

    /** Adds (or replaces) the check called {@code name}. */
    public synchronized Readiness add(String name, Supplier<Check> check) {
        checks.put(name, check);
        return this;
    }

    public synchronized Report evaluate() {
        Map<String, Check> outcomes = new LinkedHashMap<>();
        checks.forEach((name, check) -> outcomes.put(name, check.get()));
        return new Report(outcomes);
    }

    /**
     * Down while {@code kafka}'s probe finds the cluster unreachable, with reason
     * {@code kafka-unreachable} and the instant it became so: Kafka Streams stays RUNNING through a
     * broker outage, so the {@code streams} check alone would still say ready.
     */
    public static Supplier<Check> kafkaReachable(KafkaReachability kafka) {
        return () -> {
            KafkaReachability.Status status = kafka.status();
            return status.reachable() ? Check.up(Map.of())
                    : Check.down(Map.of("reason", "kafka-unreachable", "since", status.since().toString()));
        };
    }

    /**
     * Down while a stream thread waits for the schema registry (it needs a schema the registry
     * cannot give now), with reason {@code schema-registry-unreachable}; up when nothing needs the
     * registry, even if it is down, since the instance then works on from its cache.
     */
    public static Supplier<Check> schemaRegistryAnswering(RetryingSchemaRegistryClient registry) {
        return () -> registry.waitingSince()
                .map(since -> Check.down(Map.of("reason", "schema-registry-unreachable", "since", since.toString(),
                        "waiting", Integer.toString(registry.waitingCalls()))))
                .orElseGet(() -> Check.up(Map.of()));
    }

    /** Up while {@code streams} is RUNNING; the details name the state either way. */
    public static Supplier<Check> streamsRunning(KafkaStreams streams) {
        return () -> {
            KafkaStreams.State state = streams.state();
            Map<String, String> details = Map.of("state", state.name());
            return state == KafkaStreams.State.RUNNING ? Check.up(details) : Check.down(details);
        };
    }
}
