package io.segmenter.stream.ops;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * "Stop now" for a process that runs until told, and "done stopping" for the JVM to wait on.
 * The main thread {@link #await}s, closes what it owns, then calls {@link #closed}; a JVM
 * shutdown hook (SIGTERM, Ctrl-C) requests the stop and waits for {@link #closed} (at most
 * {@code closeTimeout}), so the JVM does not exit half-way through a clean Kafka Streams close.
 * A failure (Kafka Streams in ERROR) stops the same way with {@link Reason#FAILED}.
 */
public final class StopSignal {

    /** Why the process stops. */
    public enum Reason { REQUESTED, FAILED }

    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicReference<Reason> reason = new AtomicReference<>();

    /** A signal with no shutdown hook: for tests, and for callers that stop it themselves. */
    public StopSignal() {
    }

    /** A signal that a JVM shutdown hook named {@code hookName} requests. */
    public static StopSignal onJvmShutdown(String hookName, Duration closeTimeout) {
        StopSignal signal = new StopSignal();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            signal.request();
            try {
                signal.done.await(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, hookName));
        return signal;
    }

    public void request() {
        stop(Reason.REQUESTED);
    }

    public void fail() {
        stop(Reason.FAILED);
    }

    private void stop(Reason why) {
        reason.compareAndSet(null, why);
        stop.countDown();
    }

    /** Blocks until a stop is requested or a failure signalled; returns which came first. */
    public Reason await() throws InterruptedException {
        stop.await();
        return reason.get();
    }

    /** Everything is closed: a waiting shutdown hook may let the JVM exit. */
    public void closed() {
        done.countDown();
    }
}
