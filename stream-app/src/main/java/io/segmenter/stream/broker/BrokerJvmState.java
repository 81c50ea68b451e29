package io.segmenter.stream.broker;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.internals.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JVM-wide state Kafka's server keeps, managed for the embedded brokers of this JVM.
 *
 * <p>Exit: Kafka answers fatal faults (a failed log dir, a raft or controller error) with
 * {@code Exit.halt}/{@code Exit.exit}. In a broker process of its own that is right; inside the
 * JVM of a test run or of {@code demo} it would end the application or the test fork without a
 * word from the test framework. While at least one embedded broker runs, both procedures log the
 * request and throw instead, as Kafka's own test harness does: the faulting broker thread dies,
 * the broker stops answering, the JVM lives on.
 *
 * <p>Metrics: the broker registers Yammer gauges in a static registry and leaves some behind on
 * shutdown (per partition and log), which keep the stopped broker's objects reachable: about
 * 4.5 MB of heap per start and stop. They are removed when the last embedded broker has stopped.
 */
final class BrokerJvmState {
    private static final Logger log = LoggerFactory.getLogger(BrokerJvmState.class);
    private static int runningBrokers;

    private BrokerJvmState() {
    }

    /** Called before a broker starts. */
    static synchronized void acquire() {
        if (runningBrokers++ == 0) {
            Exit.setExitProcedure((status, message) -> refuse("exit", status, message));
            Exit.setHaltProcedure((status, message) -> refuse("halt", status, message));
        }
    }

    /** Called once a broker has stopped, or has failed to start. */
    static synchronized void release() {
        if (runningBrokers > 0 && --runningBrokers == 0) {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
            clearYammerMetrics();
        }
    }

    /**
     * Removes every metric from Kafka's Yammer registry. Reflective only because Kafka's jars
     * bring {@code com.yammer.metrics:metrics-core} at runtime scope; with it declared at compile
     * scope this is {@code registry.allMetrics().keySet().forEach(registry::removeMetric)}.
     */
    private static void clearYammerMetrics() {
        try {
            Object registry = Class.forName("org.apache.kafka.server.metrics.KafkaYammerMetrics")
                    .getMethod("defaultRegistry").invoke(null);
            Map<?, ?> metrics = (Map<?, ?>) registry.getClass().getMethod("allMetrics").invoke(registry);
            Method remove = registry.getClass()
                    .getMethod("removeMetric", Class.forName("com.yammer.metrics.core.MetricName"));
            for (Object name : List.copyOf(metrics.keySet())) {
                remove.invoke(registry, name);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("Could not clear the Kafka broker's metrics: {}", e.toString());
        }
    }

    private static void refuse(String call, int status, String message) {
        log.error("Embedded Kafka broker called {}({}, {}) after a fatal fault logged above; "
                + "the JVM keeps running", call, status, message);
        throw new IllegalStateException("Embedded Kafka broker called " + call + "(" + status
                + (message == null ? "" : ", " + message) + ") after a fatal fault");
    }
}
