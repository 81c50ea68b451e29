package io.segmenter.schemas.registry;

import static io.segmenter.schemas.TestRecords.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segmenter.schemas.TestRecords;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.serde.AvroSerdes;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The HTTP client and the serde against a real Confluent Schema Registry (backed by a one-node
 * KRaft Kafka), checking that the answers the unit tests fake are the real ones. Skipped where
 * there is no Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class ConfluentSchemaRegistryIT {

  private static final DockerImageName KAFKA_IMAGE = DockerImageName.parse("apache/kafka:3.9.1");
  private static final DockerImageName REGISTRY_IMAGE =
      DockerImageName.parse("confluentinc/cp-schema-registry:7.9.1");

  private static final Network NETWORK = Network.newNetwork();

  @Container
  private static final KafkaContainer KAFKA = new KafkaContainer(KAFKA_IMAGE)
      .withNetwork(NETWORK)
      .withListener("kafka:19092");

  @Container
  private static final GenericContainer<?> REGISTRY = new GenericContainer<>(REGISTRY_IMAGE)
      .withNetwork(NETWORK)
      .withExposedPorts(8081)
      .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
      .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
      .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
      .dependsOn(KAFKA)
      .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));

  private static SchemaRegistryClient client;

  @BeforeAll
  static void connect() {
    client = SchemaRegistryClients.create(
        "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081), Map.of());
  }

  @AfterAll
  static void disconnect() {
    if (client != null) {
      client.close();
    }
    NETWORK.close();
  }

  @Test
  void registersAndFetchesASchemaById() {
    int id = client.register("it-clicks-value", ClickEvent.getClassSchema());

    try (SchemaRegistryClient fresh = SchemaRegistryClients.create(client.url(), Map.of())) {
      assertThat(fresh.getById(id)).isEqualTo(ClickEvent.getClassSchema());
      assertThat(fresh.lookupId("it-clicks-value", ClickEvent.getClassSchema())).isEqualTo(id);
    }
  }

  @Test
  void serdeRoundTripsThroughTheRealRegistry() {
    Serde<PurchaseEvent> serde = AvroSerdes.specific(PurchaseEvent.class, client);
    PurchaseEvent purchase = TestRecords.purchase("u-it", 4_200L, BASE);

    try (SchemaRegistryClient fresh = SchemaRegistryClients.create(client.url(), Map.of())) {
      byte[] bytes = serde.serializer().serialize("it-purchases", purchase);
      assertThat(AvroSerdes.specific(PurchaseEvent.class, fresh).deserializer()
          .deserialize("it-purchases", bytes)).isEqualTo(purchase);
    }
  }

  @Test
  void realRegistryRejectsAnIncompatibleSchema() {
    client.register("it-breaking-value", ClickEvent.getClassSchema());
    Schema breaking = MockSchemaRegistryTest.withExtraField(ClickEvent.getClassSchema(), "tenantId", false);

    IncompatibleSchemaException e = assertThrows(IncompatibleSchemaException.class,
        () -> client.register("it-breaking-value", breaking));

    assertThat(e.subject()).isEqualTo("it-breaking-value");
  }

  @Test
  void realRegistryReportsAnUnknownId() {
    UnknownSchemaIdException e = assertThrows(UnknownSchemaIdException.class, () -> client.getById(987_654));

    assertThat(e.schemaId()).isEqualTo(987_654);
  }

  @Test
  void realRegistryReportsAnUnknownSubjectOnLookup() {
    assertThrows(SchemaNotRegisteredException.class,
        () -> client.lookupId("it-never-registered-value", ClickEvent.getClassSchema()));
  }
}
