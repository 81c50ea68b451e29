package io.segmenter.schemas.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rides out registry outages: a call that fails with {@link SchemaRegistryUnavailableException}
 * (unreachable, timeout, 5xx/408/429 after the delegate's own retries) is retried with capped
 * exponential backoff until it succeeds, for at most {@code maxWait}; only then the last
 * exception is thrown. Every other answer passes through at once: an unknown schema id (404 /
 * 40403) is a fact about the record, not an outage, and stays the caller's to handle.
 *
 * <p>For serdes that run on Kafka Streams threads: a record whose writer schema the registry cannot
 * give now is neither dead-lettered nor allowed to kill the thread; the thread waits for the
 * registry. {@link #waitingCalls()} says how many calls wait right now, which is what readiness
 * reports ("the app needs the registry and cannot reach it").
 *
 * <p>Thread-safe. {@link #close()} ends every wait at once (the waiting call throws) and closes
 * the delegate.
 */
public final class RetryingSchemaRegistryClient implements SchemaRegistryClient {

  /** How long one call may wait for the registry by default: Kafka's default max.poll.interval.ms. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(250);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(RetryingSchemaRegistryClient.class);

  private final SchemaRegistryClient delegate;
  private final Duration maxWait;
  private final Duration backoff;
  private final Duration maxBackoff;
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong unavailableErrors = new AtomicLong();
  private final Object closeSignal = new Object();
  private volatile boolean closed;
  private volatile Instant waitingSince;
  private volatile String lastError = "";

  public RetryingSchemaRegistryClient(SchemaRegistryClient delegate, Duration maxWait, Duration backoff, Duration maxBackoff) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.maxBackoff = Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (maxWait.isNegative() || backoff.isNegative() || maxBackoff.compareTo(backoff) < 0) {
      throw new IllegalArgumentException("need maxWait >= 0 and 0 <= backoff <= maxBackoff");
    }
  }

  /** Waits up to {@link #DEFAULT_MAX_WAIT}, retrying from {@link #DEFAULT_BACKOFF} up to {@link #DEFAULT_MAX_BACKOFF}. */
  public static RetryingSchemaRegistryClient wrap(SchemaRegistryClient delegate) {
    return new RetryingSchemaRegistryClient(delegate, DEFAULT_MAX_WAIT, DEFAULT_BACKOFF, DEFAULT_MAX_BACKOFF);
  }

  @Override
  public int register(String subject, Schema schema) {
    return withRetry("register", () -> delegate.register(subject, schema));
  }

  @Override
  public int lookupId(String subject, Schema schema) {
    return withRetry("lookup", () -> delegate.lookupId(subject, schema));
  }

  @Override
  public Schema getById(int id) {
    return withRetry("get-schema", () -> delegate.getById(id));
  }

  @Override
  public String url() {
    return delegate.url();
  }

  /** Calls waiting for the registry to answer right now (0 when it answers or nobody needs it). */
  public int waitingCalls() {
    return waiting.get();
  }

  /** Since when at least one call has been waiting, while one is. */
  public Optional<Instant> waitingSince() {
    return waiting.get() > 0 ? Optional.ofNullable(waitingSince) : Optional.empty();
  }

  /** Attempts that found the registry unavailable, since creation. */
  public long unavailableErrors() {
    return unavailableErrors.get();
  }

  /** The message of the last unavailability, or "" if there was none. */
  public String lastError() {
    return lastError;
  }

  /** Ends every wait (the waiting calls throw their last error) and closes the delegate. */
  @Override
  public void close() {
    closed = true;
    synchronized (closeSignal) {
      closeSignal.notifyAll();
    }
    delegate.close();
  }

  @Override
  public String toString() {
    return "RetryingSchemaRegistryClient[" + delegate + ", maxWait=" + maxWait + "]";
  }

  private <T> T withRetry(String operation, Supplier<T> call) {
    long deadline = 0;
    boolean isWaiting = false;
    try {
      for (int retry = 0; ; retry++) {
        try {
          T result = call.get();
          if (isWaiting) {
            LOG.info("schema registry at {} answers again ({} after {} retries)", delegate.url(), operation, retry);
          }
          return result;
        } catch (SchemaRegistryUnavailableException e) {
          unavailableErrors.incrementAndGet();
          lastError = e.getMessage();
          if (!isWaiting) {
            isWaiting = true;
            deadline = System.nanoTime() + maxWait.toNanos();
            if (waiting.getAndIncrement() == 0) {
              waitingSince = Instant.now();
            }
            LOG.warn("schema registry at {} unavailable ({}); retrying for up to {}: {}", delegate.url(), operation,
                maxWait, e.getMessage());
          }
          long remaining = deadline - System.nanoTime();
          if (closed || remaining <= 0) {
            throw e;
          }
          pause(Math.min(remaining, delay(retry).toNanos()));
        }
      }
    } finally {
      if (isWaiting) {
        waiting.decrementAndGet();
      }
    }
  }

  /** Exponential backoff with "equal jitter": between half and all of the capped delay. */
  private Duration delay(int retry) {
    long base = backoff.toMillis();
    long delay = retry >= 31 ? maxBackoff.toMillis() : Math.min(maxBackoff.toMillis(), base << retry);
    if (delay <= 1) {
      return Duration.ofMillis(delay);
    }
    return Duration.ofMillis(delay / 2 + ThreadLocalRandom.current().nextLong(delay / 2 + 1));
  }

  private void pause(long nanos) {
    long millis = Math.max(1, nanos / 1_000_000);
    synchronized (closeSignal) {
      if (closed) {
        return;
      }
      try {
        closeSignal.wait(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptException("Interrupted while waiting for the schema registry at " + delegate.url(), e);
      }
    }
  }
}
