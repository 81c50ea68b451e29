package io.segmenter.schemas.serde;

import static io.segmenter.schemas.TestRecords.BASE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segmenter.schemas.AvroTrustedPackages;
import io.segmenter.schemas.TestRecords;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.FraudAnomaly;
import io.segmenter.schemas.avro.ModelRelease;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.avro.SegmentChange;
import io.segmenter.schemas.registry.MockSchemaRegistry;
import io.segmenter.schemas.registry.SchemaNotRegisteredException;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.registry.SchemaRegistryClients;
import io.segmenter.schemas.registry.UnknownSchemaIdException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SpecificAvroSerdeTest {

  private static final String SCOPE = "specific-avro-serde-test";
  private static final String TOPIC = "user-clicks";

  private final SchemaRegistryClient registry = SchemaRegistryClients.create("mock://" + SCOPE, Map.of());

  @AfterEach
  void dropRegistry() {
    MockSchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void writesMagicByteThenBigEndianSchemaIdThenAvroBinary() {
    RecordingRegistry fixedId = new RecordingRegistry(0x01020304);
    ClickEvent click = ClickEvent.newBuilder()
        .setEventId("e1").setUserId("u1").setType(ClickType.VIEW)
        .setPriceMinor(150L).setEventTime(Instant.ofEpochMilli(1)).build();

    byte[] bytes = AvroSerdes.specific(ClickEvent.class, fixedId).serializer().serialize(TOPIC, click);

    assertThat(bytes).containsExactly(
        0x00,                               // magic byte
        0x01, 0x02, 0x03, 0x04,             // schema id, big-endian
        0x04, 'e', '1',                     // eventId: zig-zag length 2, UTF-8
        0x04, 'u', '1',                     // userId
        0x00,                               // sessionId: union branch 0 (null)
        0x02,                               // type: enum index 1 (VIEW)
        0x00, 0x00, 0x00, 0x00,             // productId, categoryId, categoryPath, brand: null
        0x02, 0xAC - 256, 0x02,             // priceMinor: branch 1, zig-zag varint 300 = 150
        0x00, 0x00, 0x00, 0x00,             // currency, deviceId, ip, userAgentFamily: null
        0x02);                              // eventTime: zig-zag 1 ms
  }

  static Stream<SpecificRecord> everyContractType() {
    return Stream.of(
        TestRecords.click("u-1", BASE),
        TestRecords.purchase("u-1", 12_345L, BASE),
        TestRecords.segmentChange("u-1", "big-spenders", BASE),
        TestRecords.fraudAnomaly("u-1", 0.97, BASE),
        TestRecords.modelRelease("2024-03-01.1", BASE));
  }

  @ParameterizedTest
  @MethodSource("everyContractType")
  void roundTripsEveryContractType(SpecificRecord record) {
    @SuppressWarnings("unchecked")
    Class<SpecificRecord> type = (Class<SpecificRecord>) record.getClass();
    Serde<SpecificRecord> serde = AvroSerdes.specific(type, registry);

    byte[] bytes = serde.serializer().serialize(TOPIC, record);
    SpecificRecord decoded = serde.deserializer().deserialize(TOPIC, bytes);

    assertThat(decoded).isEqualTo(record);
    assertThat(decoded).isNotSameAs(record);
  }

  @Test
  void decodesWithoutTheSerializablePackagesSystemProperty() {
    assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNull();
    Serde<PurchaseEvent> serde = AvroSerdes.specific(PurchaseEvent.class, registry);

    PurchaseEvent decoded = serde.deserializer()
        .deserialize(TOPIC, serde.serializer().serialize(TOPIC, TestRecords.purchase("u-2", 5_000L, BASE)));

    assertThat(decoded.getLineItems()).hasSize(2);
    assertThat(AvroTrustedPackages.isTrusted(PurchaseEvent.class)).isTrue();
    assertThat(AvroTrustedPackages.isTrusted(String.class)).isTrue();
    assertThat(AvroTrustedPackages.isTrusted(Runtime.class)).isFalse();
  }

  @Test
  void nullStaysNullForTombstones() {
    Serde<SegmentChange> serde = AvroSerdes.specific(SegmentChange.class, registry);

    assertThat(serde.serializer().serialize("segment-changes", null)).isNull();
    assertThat(serde.deserializer().deserialize("segment-changes", null)).isNull();
  }

  @Test
  void registersValueSchemaUnderTopicValueSubjectOnceAndCachesTheId() {
    RecordingRegistry recording = new RecordingRegistry(7);
    Serde<ClickEvent> serde = AvroSerdes.specific(ClickEvent.class, recording);

    for (int i = 0; i < 3; i++) {
      serde.serializer().serialize(TOPIC, TestRecords.click("u-" + i, BASE));
    }

    assertThat(recording.registrations).hasValue(1);
    assertThat(recording.subjects).containsOnlyKeys("user-clicks-value");
    assertThat(recording.subjects.get("user-clicks-value")).isEqualTo(ClickEvent.getClassSchema());
  }

  @Test
  void keySerdeRegistersUnderTopicKeySubject() {
    RecordingRegistry recording = new RecordingRegistry(7);

    AvroSerdes.specificKey(ModelRelease.class, recording).serializer()
        .serialize("model-releases", TestRecords.modelRelease("v1", BASE));

    assertThat(recording.subjects).containsOnlyKeys("model-releases-key");
  }

  @Test
  void deserializerFetchesEachWriterSchemaOnce() {
    RecordingRegistry recording = new RecordingRegistry(7);
    Serde<ClickEvent> serde = AvroSerdes.specific(ClickEvent.class, recording);
    byte[] bytes = serde.serializer().serialize(TOPIC, TestRecords.click("u-1", BASE));

    for (int i = 0; i < 3; i++) {
      serde.deserializer().deserialize(TOPIC, bytes);
    }

    assertThat(recording.fetches).hasValue(1);
  }

  @Test
  void withoutAutoRegistrationUsesAnAlreadyRegisteredSchema() {
    int registered = registry.register("user-clicks-value", ClickEvent.getClassSchema());
    SpecificAvroSerde<ClickEvent> serde = AvroSerdes.specific(ClickEvent.class, registry);
    serde.configure(Map.of(SpecificAvroSerializer.AUTO_REGISTER_SCHEMAS, "false"), false);

    byte[] bytes = serde.serializer().serialize(TOPIC, TestRecords.click("u-1", BASE));

    assertThat(WireFormat.schemaId(TOPIC, bytes)).isEqualTo(registered);
  }

  @Test
  void withoutAutoRegistrationFailsWhenTheSchemaIsNotRegistered() {
    SpecificAvroSerde<ClickEvent> serde = AvroSerdes.specific(ClickEvent.class, registry);
    serde.configure(Map.of(SpecificAvroSerializer.AUTO_REGISTER_SCHEMAS, false), false);

    SchemaNotRegisteredException error = assertThrows(SchemaNotRegisteredException.class,
        () -> serde.serializer().serialize(TOPIC, TestRecords.click("u-1", BASE)));

    assertThat(error.subject()).isEqualTo("user-clicks-value");
  }

  @Test
  void configurableSerdeCreatesItsClientFromSchemaRegistryUrl() {
    try (SpecificAvroSerde<FraudAnomaly> serde = new SpecificAvroSerde<>(FraudAnomaly.class)) {
      assertThrows(IllegalStateException.class, serde::serializer);
      serde.configure(Map.of("schema.registry.url", "mock://" + SCOPE), false);
      FraudAnomaly anomaly = TestRecords.fraudAnomaly("u-1", 0.99, BASE);

      FraudAnomaly decoded = serde.deserializer().deserialize("fraud-anomalies",
          serde.serializer().serialize("fraud-anomalies", anomaly));

      assertThat(decoded).isEqualTo(anomaly);
      assertThat(serde.registry().url()).isEqualTo("mock://" + SCOPE);
    }
  }

  // ---- schema evolution -----------------------------------------------------------------

  private static final Schema CLICK_V0 = new Schema.Parser().parse("""
      {"type": "record", "name": "ClickEvent", "namespace": "io.segmenter.schemas.avro",
       "fields": [
         {"name": "eventId", "type": "string"},
         {"name": "userId", "type": "string"},
         {"name": "type", "type": {"type": "enum", "name": "ClickType",
            "symbols": ["UNKNOWN", "VIEW", "CART"], "default": "UNKNOWN"}},
         {"name": "eventTime", "type": {"type": "long", "logicalType": "timestamp-millis"}}
       ]}""");

  private static final Schema CLICK_FUTURE = new Schema.Parser().parse("""
      {"type": "record", "name": "ClickEvent", "namespace": "io.segmenter.schemas.avro",
       "fields": [
         {"name": "eventId", "type": "string"},
         {"name": "userId", "type": "string"},
         {"name": "type", "type": {"type": "enum", "name": "ClickType",
            "symbols": ["UNKNOWN", "VIEW", "CART", "SHARE"], "default": "UNKNOWN"}},
         {"name": "eventTime", "type": {"type": "long", "logicalType": "timestamp-millis"}},
         {"name": "referrer", "type": ["null", "string"], "default": null}
       ]}""");

  @Test
  void decodesRecordWrittenWithAnOlderSchemaFillingDefaults() throws IOException {
    int oldId = registry.register("user-clicks-value", CLICK_V0);
    GenericRecord old = new GenericRecordBuilder(CLICK_V0)
        .set("eventId", "e-old").set("userId", "u-old")
        .set("type", new GenericData.EnumSymbol(CLICK_V0.getField("type").schema(), "CART"))
        .set("eventTime", BASE.toEpochMilli())
        .build();

    ClickEvent decoded = AvroSerdes.specific(ClickEvent.class, registry).deserializer()
        .deserialize(TOPIC, frame(oldId, CLICK_V0, old));

    assertThat(decoded).isEqualTo(ClickEvent.newBuilder()
        .setEventId("e-old").setUserId("u-old").setType(ClickType.CART).setEventTime(BASE).build());
  }

  @Test
  void decodesRecordFromANewerWriterIgnoringNewFieldsAndMappingUnknownSymbolsToTheDefault()
      throws IOException {
    int newId = registry.register("user-clicks-value", CLICK_FUTURE);
    GenericRecord future = new GenericRecordBuilder(CLICK_FUTURE)
        .set("eventId", "e-new").set("userId", "u-new")
        .set("type", new GenericData.EnumSymbol(CLICK_FUTURE.getField("type").schema(), "SHARE"))
        .set("eventTime", BASE.toEpochMilli())
        .set("referrer", "newsletter")
        .build();

    ClickEvent decoded = AvroSerdes.specific(ClickEvent.class, registry).deserializer()
        .deserialize(TOPIC, frame(newId, CLICK_FUTURE, future));

    assertThat(decoded.getEventId()).isEqualTo("e-new");
    assertThat(decoded.getType()).isEqualTo(ClickType.UNKNOWN);
  }

  @Test
  void refusesAWriterSchemaTheClassCannotReadNamingBothSchemas() {
    Serde<PurchaseEvent> purchases = AvroSerdes.specific(PurchaseEvent.class, registry);
    byte[] purchase = purchases.serializer().serialize(TOPIC, TestRecords.purchase("u-1", 100L, BASE));

    AvroDecodingException error = assertThrows(AvroDecodingException.class,
        () -> AvroSerdes.specific(ClickEvent.class, registry).deserializer().deserialize(TOPIC, purchase));

    assertThat(error).hasMessageContaining("io.segmenter.schemas.avro.PurchaseEvent")
        .hasMessageContaining("io.segmenter.schemas.avro.ClickEvent")
        .hasMessageContaining("NAME_MISMATCH");
  }

  // ---- errors ---------------------------------------------------------------------------

  @Test
  void wrongMagicByteSaysWhichByteWasFoundAndThatZeroWasExpected() {
    byte[] bytes = {0x7b, 0, 0, 0, 1, 2};

    UnknownMagicByteException error = assertThrows(UnknownMagicByteException.class,
        () -> AvroSerdes.specific(ClickEvent.class, registry).deserializer().deserialize(TOPIC, bytes));

    assertThat(error.found()).isEqualTo((byte) 0x7b);
    assertThat(error).isInstanceOf(SerializationException.class)
        .hasMessageContaining("0x7b").hasMessageContaining("expected 0").hasMessageContaining(TOPIC);
  }

  @Test
  void unknownSchemaIdNamesTheIdAndTheRegistry() {
    byte[] bytes = {0, 0, 0, 0x30, 0x39, 2};

    UnknownSchemaIdException error = assertThrows(UnknownSchemaIdException.class,
        () -> AvroSerdes.specific(ClickEvent.class, registry).deserializer().deserialize(TOPIC, bytes));

    assertThat(error.schemaId()).isEqualTo(12345);
    assertThat(error).isInstanceOf(SerializationException.class)
        .hasMessageContaining("12345").hasMessageContaining("mock://" + SCOPE);
  }

  @Test
  void payloadShorterThanTheHeaderIsRejected() {
    byte[] bytes = {0, 0, 1};

    PayloadTooShortException error = assertThrows(PayloadTooShortException.class,
        () -> AvroSerdes.specific(ClickEvent.class, registry).deserializer().deserialize(TOPIC, bytes));

    assertThat(error.length()).isEqualTo(3);
    assertThat(error).isInstanceOf(SerializationException.class).hasMessageContaining("3 bytes");
  }

  @Test
  void emptyPayloadIsTooShortNotATombstone() {
    assertThrows(PayloadTooShortException.class,
        () -> AvroSerdes.specific(ClickEvent.class, registry).deserializer().deserialize(TOPIC, new byte[0]));
  }

  @Test
  void truncatedAvroBodyFailsWithTheSchemaId() {
    Serde<ClickEvent> serde = AvroSerdes.specific(ClickEvent.class, registry);
    byte[] bytes = serde.serializer().serialize(TOPIC, TestRecords.click("u-1", BASE));
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 4);

    AvroDecodingException error = assertThrows(AvroDecodingException.class,
        () -> serde.deserializer().deserialize(TOPIC, truncated));

    assertThat(error.schemaId()).isEqualTo(WireFormat.schemaId(TOPIC, bytes));
  }

  @Test
  void corruptLengthPrefixFailsInsteadOfAllocatingGigabytes() {
    Serde<ClickEvent> serde = AvroSerdes.specific(ClickEvent.class, registry);
    byte[] valid = serde.serializer().serialize(TOPIC, TestRecords.click("u-1", BASE));
    byte[] corrupt = java.util.Arrays.copyOf(valid, 12);
    // eventId length: zig-zag varint of 1_000_000_000, far beyond the 7 remaining bytes
    byte[] hugeLength = {(byte) 0x80, (byte) 0xA8, (byte) 0xD6, (byte) 0xB9, 0x07};
    System.arraycopy(hugeLength, 0, corrupt, 5, hugeLength.length);

    assertThrows(AvroDecodingException.class, () -> serde.deserializer().deserialize(TOPIC, corrupt));
  }

  @Test
  void recordMissingARequiredFieldFailsToEncodeNamingTheField() {
    ClickEvent incomplete = new ClickEvent();
    incomplete.setUserId("u-1");
    incomplete.setType(ClickType.VIEW);
    incomplete.setEventTime(BASE);

    AvroEncodingException error = assertThrows(AvroEncodingException.class,
        () -> AvroSerdes.specific(ClickEvent.class, registry).serializer().serialize(TOPIC, incomplete));

    assertThat(error).isInstanceOf(SerializationException.class).hasMessageContaining("eventId");
  }

  @Test
  void serializerRecoversAfterAFailedRecord() {
    Serde<ClickEvent> serde = AvroSerdes.specific(ClickEvent.class, registry);
    assertThrows(AvroEncodingException.class, () -> serde.serializer().serialize(TOPIC, new ClickEvent()));
    ClickEvent click = TestRecords.click("u-1", BASE);

    assertThat(serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, click)))
        .isEqualTo(click);
  }

  @Test
  void oneSerdeInstanceIsSafeToShareBetweenThreads() throws Exception {
    Serde<ClickEvent> serde = AvroSerdes.specific(ClickEvent.class, registry);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Boolean>> tasks = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String user = "user-" + t;
        tasks.add(() -> {
          for (int i = 0; i < 2_000; i++) {
            ClickEvent click = TestRecords.click(user, BASE.plusMillis(i));
            if (!click.equals(serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, click)))) {
              return false;
            }
          }
          return true;
        });
      }
      for (Future<Boolean> result : pool.invokeAll(tasks, 20, TimeUnit.SECONDS)) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] frame(int schemaId, Schema writer, GenericRecord record) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {0, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8), (byte) schemaId});
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }
}
