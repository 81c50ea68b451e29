package io.segmenter.features.dataset;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.PaymentMethod;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Taobao UserBehavior: no header, five comma-separated fields
 * {@code user_id,item_id,category_id,behavior_type,timestamp} (integer ids, epoch seconds UTC).
 * {@code pv}, {@code cart}, {@code fav} become {@link ClickType#VIEW}, {@link ClickType#CART},
 * {@link ClickType#WISHLIST} clicks; {@code buy} becomes a {@link PurchaseEvent} of one unit of the
 * item with amount 0 (the data has no prices; currency null) and order id
 * {@code <prefix>taobao-<user>-<item>-<timestamp>}. Malformed: not five fields, a non-integer id,
 * a negative or non-integer timestamp, another behaviour.
 */
final class TaobaoReader extends LineDatasetReader {

    static final TaobaoReader INSTANCE = new TaobaoReader();

    private TaobaoReader() {
    }

    @Override
    public DatasetFormat format() {
        return DatasetFormat.TAOBAO;
    }

    @Override
    LineParser newParser(Ids ids, String sourceName) {
        return new LineParser() {
            @Override
            public boolean expectsHeader() {
                return false;
            }

            @Override
            public SkipReason parse(String line, long lineNumber, Consumer<DatasetEvent> out)
                    throws MalformedLineException {
                List<String> f = Csv.split(line);
                Fields.expectCount(f, 5);
                String user = Fields.digits(f.get(0), "user_id");
                String item = Fields.digits(f.get(1), "item_id");
                String category = Fields.digits(f.get(2), "category_id");
                String behavior = f.get(3).strip();
                String timestamp = f.get(4).strip();
                Instant time = Fields.epochSecond(timestamp, "timestamp");
                ClickType type = switch (behavior) {
                    case "pv" -> ClickType.VIEW;
                    case "cart" -> ClickType.CART;
                    case "fav" -> ClickType.WISHLIST;
                    case "buy" -> null;
                    default -> throw Fields.bad("behavior_type", behavior);
                };
                if (type == null) {
                    PurchaseEvent purchase = PurchaseEvent.newBuilder()
                            .setEventId(ids.eventId(lineNumber))
                            .setOrderId(ids.derived(user, item, timestamp))
                            .setUserId(ids.key(user))
                            .setAmountMinor(0L)
                            .setCurrency(null)
                            .setItemCount(1)
                            .setLineItems(List.of(LineItem.newBuilder()
                                    .setProductId(item).setCategoryId(category).setBrand(null)
                                    .setQuantity(1).setUnitPriceMinor(0L).build()))
                            .setPaymentMethod(PaymentMethod.UNKNOWN)
                            .setEventTime(time)
                            .build();
                    out.accept(new DatasetEvent.Purchase(purchase, lineNumber));
                } else {
                    ClickEvent click = ClickEvent.newBuilder()
                            .setEventId(ids.eventId(lineNumber))
                            .setUserId(ids.key(user))
                            .setSessionId(null)
                            .setType(type)
                            .setProductId(item)
                            .setCategoryId(category)
                            .setEventTime(time)
                            .build();
                    out.accept(new DatasetEvent.Click(click, lineNumber));
                }
                return null;
            }
        };
    }
}
