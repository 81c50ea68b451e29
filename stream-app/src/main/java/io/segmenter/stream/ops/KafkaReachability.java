package io.segmenter.stream.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether this instance reaches the Kafka cluster, from an Admin {@code describeCluster} sent
 * every {@code interval} (answer within {@code timeout}, at least one broker listed).
 *
 * <p>Kafka Streams stays RUNNING while the brokers are away (its clients retry and reconnect), so
 * its state cannot tell readiness about a broker outage; a failed probe can. One Admin client and
 * one daemon thread; the result is cached, so readiness requests never wait for the network.
 * Logs one line when the cluster becomes unreachable and one when it answers again.
 */
public final class KafkaReachability implements AutoCloseable {

    /** What the last probe found. */
    public record Status(boolean reachable, Instant since, String lastError) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(KafkaReachability.class);

    private final Admin admin;
    private final Duration timeout;
    private final ScheduledExecutorService prober;
    private volatile Status status = new Status(true, Instant.now(), "");

    private KafkaReachability(Admin admin, Duration interval, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
        this.prober = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "kafka-reachability");
            thread.setDaemon(true);
            return thread;
        });
        prober.scheduleWithFixedDelay(this::probe, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts probing with an Admin client made from {@code adminConfig} (the streams' own admin
     * settings, so security settings apply). Until the first probe answers, reports reachable.
     */
    public static KafkaReachability start(Map<String, Object> adminConfig, Duration interval, Duration timeout) {
        return new KafkaReachability(Admin.create(adminConfig), interval, timeout);
    }

    public Status status() {
        return status;
    }

    /** Since when the cluster has been unreachable, while it is. */
    public Optional<Instant> unreachableSince() {
        Status now = status;
        return now.reachable() ? Optional.empty() : Optional.of(now.since());
    }

    void probe() {
        String error;
        try {
            int millis = (int) timeout.toMillis();
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis)).nodes()
                    .get(millis + 1_000L, TimeUnit.MILLISECONDS).size();
            error = brokers > 0 ? null : "no broker listed";
        } catch (ExecutionException e) {
            error = e.getCause() == null ? e.toString() : e.getCause().toString();
        } catch (TimeoutException | RuntimeException e) {
            error = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Status before = status;
        if (error == null && !before.reachable()) {
            LOG.info("Kafka reachable again after {} s", Duration.between(before.since(), Instant.now()).toSeconds());
            status = new Status(true, Instant.now(), "");
        } else if (error != null && before.reachable()) {
            LOG.warn("Kafka unreachable: {}", error);
            status = new Status(false, Instant.now(), error);
        } else if (error != null) {
            status = new Status(false, before.since(), error);
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
