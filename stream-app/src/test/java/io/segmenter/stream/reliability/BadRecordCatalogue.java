package io.segmenter.stream.reliability;

import io.segmenter.features.validation.RejectionReason;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.PurchaseEvent;
import io.segmenter.schemas.avro.SegmentChange;
import io.segmenter.schemas.registry.SchemaRegistryClient;
import io.segmenter.schemas.serde.AvroSerdes;
import io.segmenter.schemas.serde.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The bad records of the bad-input test, each built next to the valid traffic it is mixed into
 * ({@link Context}: the click and the purchase sent just before, already accepted) and each
 * with the dead-letter reason the README promises for it.
 *
 * <p>Bad records carry the keys of valid users, so a record that leaked into state would change
 * a valid user's outputs. Records built by hand on the wire (wrong magic byte, unknown schema id,
 * another schema's id) start from the bytes the real serializer wrote.
 */
final class BadRecordCatalogue {

    /** What a bad record is built from: the newest valid click and purchase already sent, and another valid user. */
    record Context(ClickEvent click, byte[] clickBytes, PurchaseEvent purchase, byte[] purchaseBytes, String otherUser) {
        Instant at() {
            return click.getEventTime().isAfter(purchase.getEventTime()) ? click.getEventTime() : purchase.getEventTime();
        }

        String user() {
            return click.getUserId();
        }
    }

    /** A unique id of an unknown schema: far above anything the test registers. */
    static final int UNKNOWN_SCHEMA_ID = 0x7fff_fff0;

    private final String clicks;
    private final String purchases;
    private final String segmentChanges;
    private final SchemaRegistryClient registry;
    private final Serializer<ClickEvent> clickSerializer;
    private final Serializer<PurchaseEvent> purchaseSerializer;
    private final List<Entry> entries = new ArrayList<>();
    private final Random random = new Random(8);

    private record Entry(String label, Function<Context, InputRecord> make) {
    }

    BadRecordCatalogue(String clicks, String purchases, String segmentChanges, SchemaRegistryClient registry) {
        this.clicks = clicks;
        this.purchases = purchases;
        this.segmentChanges = segmentChanges;
        this.registry = registry;
        this.clickSerializer = AvroSerdes.specific(ClickEvent.class, registry).serializer();
        this.purchaseSerializer = AvroSerdes.specific(PurchaseEvent.class, registry).serializer();
        String undecodable = RejectionReason.UNDECODABLE.code();

        // bytes that are not what the topic's serde reads
        add("random bytes", c -> bad(clicks, c.user(), randomBytes(64), undecodable));
        add("wrong magic byte", c -> bad(clicks, c.user(), withFirstByte(c.clickBytes(), (byte) 1), undecodable));
        add("unknown schema id", c -> bad(purchases, c.purchase().getUserId(), withSchemaId(c.purchaseBytes(), UNKNOWN_SCHEMA_ID),
                undecodable));
        add("payload shorter than the wire-format header", c -> bad(purchases, c.user(), new byte[] {0, 0, 0}, undecodable));
        add("empty value (zero bytes)", c -> bad(clicks, c.user(), new byte[0], undecodable));
        add("a ClickEvent on the purchases topic (the clicks subject's schema id)",
                c -> bad(purchases, c.user(), c.clickBytes(), undecodable));
        add("a SegmentChange on the clicks topic (another subject's schema id)",
                c -> bad(clicks, c.user(), segmentChangeBytes(c), undecodable));
        add("a click whose writer schema has a double priceMinor, NaN",
                c -> bad(clicks, c.user(), nanPriceClick(c), undecodable));
        add("a purchase whose writer schema has a double amountMinor, NaN",
                c -> bad(purchases, c.user(), nanAmountPurchase(c), undecodable));
        add("tombstone (null value)", c -> bad(clicks, c.user(), null, RejectionReason.EMPTY_VALUE.code()));

        // decodable events that fail validation
        add("click with empty userId", c -> click(c.user(), clickOf(c, "no-user").setUserId(""), RejectionReason.MISSING_USER_ID));
        add("purchase with empty userId", c -> purchase(c.user(), purchaseOf(c, "no-user").setUserId(""),
                RejectionReason.MISSING_USER_ID));
        add("click with a null key", c -> click(null, clickOf(c, "null-key"), RejectionReason.KEY_MISMATCH));
        add("click keyed by another user", c -> click(c.otherUser(), clickOf(c, "other-key"), RejectionReason.KEY_MISMATCH));
        add("purchase keyed by another user", c -> purchase(c.otherUser(), purchaseOf(c, "other-key"), RejectionReason.KEY_MISMATCH));
        add("click with empty eventId", c -> click(c.user(), clickOf(c, "x").setEventId(" "), RejectionReason.MISSING_EVENT_ID));
        add("purchase with empty orderId", c -> purchase(c.user(), purchaseOf(c, "no-order").setOrderId(""),
                RejectionReason.MISSING_ORDER_ID));
        add("click of type UNKNOWN", c -> click(c.user(), clickOf(c, "unknown").setType(ClickType.UNKNOWN),
                RejectionReason.UNKNOWN_EVENT_TYPE));
        add("click with a negative price", c -> click(c.user(), clickOf(c, "negative").setPriceMinor(-1L),
                RejectionReason.NEGATIVE_PRICE));
        add("purchase with a negative amount", c -> purchase(c.user(), purchaseOf(c, "negative").setAmountMinor(-5_000L),
                RejectionReason.NEGATIVE_PRICE));
        add("purchase with a negative line-item price", c -> purchase(c.user(), purchaseOf(c, "negative-line")
                .setLineItems(List.of(LineItem.newBuilder().setProductId("p-1").setQuantity(1).setUnitPriceMinor(-1).build())),
                RejectionReason.NEGATIVE_PRICE));
        add("click with an absurd price", c -> click(c.user(), clickOf(c, "absurd").setPriceMinor(100_000_001L),
                RejectionReason.ABSURD_PRICE));
        add("purchase with an absurd amount", c -> purchase(c.user(), purchaseOf(c, "absurd").setAmountMinor(Long.MAX_VALUE),
                RejectionReason.ABSURD_PRICE));
        add("purchase of zero items", c -> purchase(c.user(), purchaseOf(c, "no-items").setItemCount(0),
                RejectionReason.INVALID_ITEM_COUNT));
        add("click ten years in the future", c -> click(c.user(), clickOf(c, "future")
                .setEventTime(Instant.now().plus(Duration.ofDays(3_650))), RejectionReason.TIMESTAMP_IN_FUTURE));
        add("purchase a day in the future", c -> purchase(c.user(), purchaseOf(c, "future")
                .setEventTime(Instant.now().plus(Duration.ofDays(1))), RejectionReason.TIMESTAMP_IN_FUTURE));
        add("click in 1900 (negative epoch millis)", c -> click(c.user(), clickOf(c, "1900")
                .setEventTime(Instant.parse("1900-01-01T00:00:00Z")), RejectionReason.TIMESTAMP_TOO_OLD));
        add("purchase at the epoch", c -> purchase(c.user(), purchaseOf(c, "epoch").setEventTime(Instant.EPOCH),
                RejectionReason.TIMESTAMP_TOO_OLD));
        add("purchase by an account created a year after it", c -> purchase(c.user(), purchaseOf(c, "account")
                .setAccountCreatedTime(c.purchase().getEventTime().plus(Duration.ofDays(365))),
                RejectionReason.ACCOUNT_CREATED_AFTER_PURCHASE));
        add("click two hours behind its partition", c -> click(c.user(), clickOf(c, "late")
                .setEventTime(c.at().minus(Duration.ofHours(2))), RejectionReason.LATE_EVENT));
        add("duplicate of the last click", c -> bad(clicks, c.user(), c.clickBytes(), RejectionReason.DUPLICATE_EVENT.code()));
        add("duplicate of the last purchase", c -> bad(purchases, c.purchase().getUserId(), c.purchaseBytes(),
                RejectionReason.DUPLICATE_EVENT.code()));
        add("second duplicate of the last purchase", c -> bad(purchases, c.purchase().getUserId(), c.purchaseBytes(),
                RejectionReason.DUPLICATE_EVENT.code()));
    }

    /** The records in catalogue order, each built by the caller from the context it is sent in. */
    int size() {
        return entries.size();
    }

    String label(int index) {
        return entries.get(index).label();
    }

    InputRecord make(int index, Context context) {
        InputRecord made = entries.get(index).make().apply(context);
        return new InputRecord(entries.get(index).label(), made.topic(), made.key(), made.value(), made.expectedReason());
    }

    private void add(String label, Function<Context, InputRecord> make) {
        entries.add(new Entry(label, make));
    }

    private static InputRecord bad(String topic, String key, byte[] value, String reason) {
        return new InputRecord("", topic, key, value, reason);
    }

    private InputRecord click(String key, ClickEvent.Builder event, RejectionReason reason) {
        return bad(clicks, key, clickSerializer.serialize(clicks, event.build()), reason.code());
    }

    private InputRecord purchase(String key, PurchaseEvent.Builder event, RejectionReason reason) {
        return bad(purchases, key, purchaseSerializer.serialize(purchases, event.build()), reason.code());
    }

    /** The context's click under a new event id, so that no rejection can be taken for a duplicate. */
    private static ClickEvent.Builder clickOf(Context c, String tag) {
        return ClickEvent.newBuilder(c.click()).setEventId(c.click().getEventId() + "-bad-" + tag).setEventTime(c.at());
    }

    private static PurchaseEvent.Builder purchaseOf(Context c, String tag) {
        return PurchaseEvent.newBuilder(c.purchase()).setUserId(c.user())
                .setEventId(c.purchase().getEventId() + "-bad-" + tag).setOrderId(c.purchase().getOrderId() + "-bad-" + tag)
                .setEventTime(c.at());
    }

    /** A click with a user-agent family of {@code chars} characters: valid in every field the validator checks. */
    static ClickEvent oversizedClick(ClickEvent click, int chars) {
        char[] filler = new char[chars];
        Arrays.fill(filler, 'x');
        return ClickEvent.newBuilder(click).setEventId(click.getEventId() + "-bad-oversized-" + chars)
                .setUserAgentFamily(new String(filler)).build();
    }

    byte[] serialize(ClickEvent click) {
        return clickSerializer.serialize(clicks, click);
    }

    byte[] serialize(PurchaseEvent purchase) {
        return purchaseSerializer.serialize(purchases, purchase);
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] withFirstByte(byte[] wire, byte first) {
        byte[] copy = wire.clone();
        copy[0] = first;
        return copy;
    }

    private static byte[] withSchemaId(byte[] wire, int schemaId) {
        byte[] copy = wire.clone();
        ByteBuffer.wrap(copy, 1, 4).putInt(schemaId);
        return copy;
    }

    private byte[] segmentChangeBytes(Context c) {
        SegmentChange change = SegmentChange.newBuilder().setUserId(c.user()).setSegmentId("s-0").setSegmentName("s")
                .setConfidence(0.5).setProbabilities(Map.of("s-0", 0.5)).setModelVersion("v-bad")
                .setTriggeringEventTime(c.at()).setEmittedTime(c.at()).build();
        return AvroSerdes.specific(SegmentChange.class, registry).serializer().serialize(segmentChanges, change);
    }

    /**
     * A producer with its own idea of the schema: {@code priceMinor} a nullable double, registered
     * under a subject of its own (a compatibility check on the clicks subject would refuse it).
     */
    private byte[] nanPriceClick(Context c) {
        Schema schema = withDoubleField(ClickEvent.getClassSchema(), "priceMinor", true);
        GenericRecord record = new GenericData.Record(schema);
        record.put("eventId", c.click().getEventId() + "-bad-nan");
        record.put("userId", c.user());
        record.put("type", new GenericData.EnumSymbol(schema.getField("type").schema(), ClickType.VIEW.name()));
        record.put("priceMinor", Double.NaN);
        record.put("eventTime", c.at().toEpochMilli());
        return wire(registry.register("legacy-web-shop-clicks-value", schema), schema, record);
    }

    private byte[] nanAmountPurchase(Context c) {
        Schema schema = withDoubleField(PurchaseEvent.getClassSchema(), "amountMinor", false);
        GenericRecord record = new GenericData.Record(schema);
        record.put("eventId", c.purchase().getEventId() + "-bad-nan");
        record.put("orderId", c.purchase().getOrderId() + "-bad-nan");
        record.put("userId", c.user());
        record.put("amountMinor", Double.NaN);
        record.put("itemCount", 1);
        record.put("lineItems", List.of());
        record.put("paymentMethod", new GenericData.EnumSymbol(schema.getField("paymentMethod").schema(), "CARD"));
        record.put("eventTime", c.at().toEpochMilli());
        return wire(registry.register("legacy-web-shop-purchases-value", schema), schema, record);
    }

    private static Schema withDoubleField(Schema original, String field, boolean nullable) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : original.getFields()) {
            Schema type = f.schema();
            if (f.name().equals(field)) {
                Schema dbl = Schema.create(Schema.Type.DOUBLE);
                type = nullable ? Schema.createUnion(Schema.create(Schema.Type.NULL), dbl) : dbl;
            }
            fields.add(new Schema.Field(f, type));
        }
        return Schema.createRecord(original.getName(), original.getDoc(), original.getNamespace(), false, fields);
    }

    private static byte[] wire(int schemaId, Schema schema, GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(WireFormat.MAGIC_BYTE);
        out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
