package io.segmenter.schemas.registry;

import static io.segmenter.schemas.TestRecords.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.TestRecords;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.SegmentChange;
import io.segmenter.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RetryingSchemaRegistryClientTest {

  private final String scope = "retrying-" + UUID.randomUUID();
  private final OutageRegistry outage = new OutageRegistry(MockSchemaRegistry.client(scope));

  @BeforeAll
  static void trust() {
    AvroTrustedPackages.trustGeneratedClasses();
  }

  @AfterEach
  void drop() {
    MockSchemaRegistry.dropScope(scope);
  }

  @Test
  void deserializerWaitsForTheRegistryInsteadOfFailingARecordWithAnUnseenSchemaId() throws Exception {
    byte[] bytes = AvroSerdes.specific(ClickEvent.class, MockSchemaRegistry.client(scope)).serializer()
        .serialize("user-clicks", TestRecords.click("u-1", BASE));
    RetryingSchemaRegistryClient retrying = fastRetries(outage, Duration.ofSeconds(30));
    Deserializer<ClickEvent> deserializer = AvroSerdes.specific(ClickEvent.class, retrying).deserializer();

    outage.down.set(true);
    CompletableFuture<ClickEvent> decoded = CompletableFuture.supplyAsync(() -> deserializer.deserialize("user-clicks", bytes));
    assertThat(outage.threeFailures.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(decoded).isNotDone();
    assertThat(retrying.waitingCalls()).isEqualTo(1);
    assertThat(retrying.waitingSince()).isPresent();

    outage.down.set(false);
    assertThat(decoded.get(10, TimeUnit.SECONDS)).isEqualTo(TestRecords.click("u-1", BASE));
    assertThat(retrying.waitingCalls()).isZero();
    assertThat(retrying.waitingSince()).isEmpty();
    assertThat(retrying.unavailableErrors()).isEqualTo(outage.failures.get());
    assertThat(retrying.lastError()).contains("unreachable");
  }

  @Test
  void serializerWaitsForTheRegistryToRegisterTheOutputSchema() throws Exception {
    RetryingSchemaRegistryClient retrying = fastRetries(outage, Duration.ofSeconds(30));
    Serializer<SegmentChange> serializer = AvroSerdes.specific(SegmentChange.class, retrying).serializer();
    SegmentChange change = TestRecords.segmentChange("u-1", "bargain-hunter", BASE);

    outage.down.set(true);
    CompletableFuture<byte[]> encoded = CompletableFuture.supplyAsync(() -> serializer.serialize("segment-changes", change));
    assertThat(outage.threeFailures.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(encoded).isNotDone();
    assertThat(retrying.waitingCalls()).isEqualTo(1);

    outage.down.set(false);
    byte[] bytes = encoded.get(10, TimeUnit.SECONDS);
    assertThat(AvroSerdes.specific(SegmentChange.class, MockSchemaRegistry.client(scope)).deserializer()
        .deserialize("segment-changes", bytes)).isEqualTo(change);
    assertThat(retrying.waitingCalls()).isZero();
  }

  @Test
  void unknownSchemaIdIsNotAnOutageAndFailsAtOnce() {
    RetryingSchemaRegistryClient retrying = fastRetries(outage, Duration.ofSeconds(30));
    assertThrows(UnknownSchemaIdException.class, () -> retrying.getById(987_654));
    assertThat(outage.calls.get()).isEqualTo(1);
    assertThat(retrying.unavailableErrors()).isZero();
    assertThat(retrying.waitingCalls()).isZero();
  }

  @Test
  void givesUpWithTheLastOutageErrorAfterMaxWait() {
    RetryingSchemaRegistryClient retrying = fastRetries(outage, Duration.ofMillis(300));
    outage.down.set(true);
    SchemaRegistryUnavailableException thrown = assertThrows(SchemaRegistryUnavailableException.class, () -> retrying.getById(1));
    assertThat(thrown).hasMessageContaining("unreachable");
    assertThat(outage.failures.get()).isGreaterThan(1);
    assertThat(retrying.waitingCalls()).isZero();
  }

  @Test
  void closeEndsAWaitAtOnce() throws Exception {
    RetryingSchemaRegistryClient retrying = new RetryingSchemaRegistryClient(outage, Duration.ofMinutes(5),
        Duration.ofSeconds(30), Duration.ofSeconds(30));
    outage.down.set(true);
    CompletableFuture<Schema> waiting = CompletableFuture.supplyAsync(() -> retrying.getById(1));
    assertThat(outage.firstFailure.await(10, TimeUnit.SECONDS)).isTrue();
    retrying.close();
    assertThrows(java.util.concurrent.ExecutionException.class, () -> waiting.get(5, TimeUnit.SECONDS));
    assertThat(retrying.waitingCalls()).isZero();
  }

  private static RetryingSchemaRegistryClient fastRetries(SchemaRegistryClient delegate, Duration maxWait) {
    return new RetryingSchemaRegistryClient(delegate, maxWait, Duration.ofMillis(10), Duration.ofMillis(50));
  }

  /** A registry that, while {@code down}, fails every call as unreachable. */
  private static final class OutageRegistry implements SchemaRegistryClient {
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();
    final CountDownLatch firstFailure = new CountDownLatch(1);
    final CountDownLatch threeFailures = new CountDownLatch(3);
    private final SchemaRegistryClient delegate;

    OutageRegistry(SchemaRegistryClient delegate) {
      this.delegate = delegate;
    }

    private void failIfDown() {
      calls.incrementAndGet();
      if (down.get()) {
        failures.incrementAndGet();
        firstFailure.countDown();
        threeFailures.countDown();
        throw new SchemaRegistryUnavailableException(url(), 1, new java.net.ConnectException("Connection refused"));
      }
    }

    @Override
    public int register(String subject, Schema schema) {
      failIfDown();
      return delegate.register(subject, schema);
    }

    @Override
    public int lookupId(String subject, Schema schema) {
      failIfDown();
      return delegate.lookupId(subject, schema);
    }

    @Override
    public Schema getById(int id) {
      failIfDown();
      return delegate.getById(id);
    }

    @Override
    public String url() {
      return "test://outage";
    }

    @Override
    public void close() {}
  }
}
