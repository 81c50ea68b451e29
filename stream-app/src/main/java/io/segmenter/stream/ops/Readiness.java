package io.segmenter.stream.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What "ready to serve" means for this instance: every named check is up. Today that is one
 * check, {@code streams}: the Kafka Streams client is RUNNING. The scoring issue adds
 * {@code model} (a valid model is loaded) with {@link #add}; nothing else changes.
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

    /** Up while {@code streams} is RUNNING; the details name the state either way. */
    public static Supplier<Check> streamsRunning(KafkaStreams streams) {
        return () -> {
            KafkaStreams.State state = streams.state();
            Map<String, String> details = Map.of("state", state.name());
            return state == KafkaStreams.State.RUNNING ? Check.up(details) : Check.down(details);
        };
    }
}
