package io.segmenter.features.dataset;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.PaymentMethod;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * REES46 eCommerce behavior CSV. Columns are found by name in the header (any order, extra columns
 * ignored); required: {@code event_time} ({@code 2019-10-01 00:00:00 UTC}), {@code event_type},
 * {@code product_id}, {@code category_id} (kept as text: 19 digits), {@code price}, {@code user_id};
 * optional: {@code category_code}, {@code brand}, {@code user_session} (absent or empty: null). A
 * header without a required column fails the read ({@link DatasetFormatException}). {@code event_time}
 * is read in that one form, the only one the published files use.
 *
 * <p>{@code view}, {@code cart}, {@code remove_from_cart} become clicks with the price in cents,
 * brand, category id and path, and the session; {@code purchase} becomes a {@link PurchaseEvent}
 * of one unit at that price (the data has no quantity or order id) with order id
 * {@code <prefix>rees46-<session>-<product>-<epoch second>}. The currency is not stated, so it is
 * null. Malformed: a field count other than the header's, a bad id, price or time, another type.
 */
final class Rees46Reader extends LineDatasetReader {

    static final Rees46Reader INSTANCE = new Rees46Reader();

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private Rees46Reader() {
    }

    @Override
    public DatasetFormat format() {
        return DatasetFormat.REES46;
    }

    @Override
    LineParser newParser(Ids ids, String sourceName) {
        return new Parser(ids, sourceName);
    }

    private final class Parser implements LineParser {
        private final Ids ids;
        private final String sourceName;
        private int columns;
        private int time;
        private int type;
        private int product;
        private int category;
        private int categoryCode;
        private int brand;
        private int price;
        private int user;
        private int session;

        Parser(Ids ids, String sourceName) {
            this.ids = ids;
            this.sourceName = sourceName;
        }

        @Override
        public boolean expectsHeader() {
            return true;
        }

        @Override
        public void header(String line) throws DatasetFormatException {
            Header h = Header.ofCsvLine(format(), sourceName, line);
            columns = h.size();
            time = h.required("event_time");
            type = h.required("event_type");
            product = h.required("product_id");
            category = h.required("category_id");
            price = h.required("price");
            user = h.required("user_id");
            categoryCode = h.optional("category_code");
            brand = h.optional("brand");
            session = h.optional("user_session");
            h.check();
        }

        @Override
        public SkipReason parse(String line, long lineNumber, Consumer<DatasetEvent> out) throws MalformedLineException {
            List<String> f = Csv.split(line);
            Fields.expectCount(f, columns);
            Instant eventTime = parseTime(f.get(time));
            String eventType = f.get(type).strip();
            String productId = Fields.digits(f.get(product), "product_id");
            String categoryId = Fields.digits(f.get(category), "category_id");
            long priceMinor = Fields.minorUnits(f.get(price), "price");
            String userId = Fields.digits(f.get(user), "user_id");
            String path = Fields.optional(f, categoryCode);
            String brandName = Fields.optional(f, brand);
            String sessionId = Fields.optional(f, session);
            ClickType clickType = switch (eventType) {
                case "view" -> ClickType.VIEW;
                case "cart" -> ClickType.CART;
                case "remove_from_cart" -> ClickType.REMOVE_FROM_CART;
                case "purchase" -> null;
                default -> throw Fields.bad("event_type", eventType);
            };
            if (clickType == null) {
                PurchaseEvent purchase = PurchaseEvent.newBuilder()
                        .setEventId(ids.eventId(lineNumber))
                        .setOrderId(ids.derived(sessionId == null ? "no-session" : sessionId, productId,
                                Long.toString(eventTime.getEpochSecond())))
                        .setUserId(ids.key(userId))
                        .setAmountMinor(priceMinor)
                        .setCurrency(null)
                        .setItemCount(1)
                        .setLineItems(List.of(LineItem.newBuilder()
                                .setProductId(productId).setCategoryId(categoryId).setBrand(brandName)
                                .setQuantity(1).setUnitPriceMinor(priceMinor).build()))
                        .setPaymentMethod(PaymentMethod.UNKNOWN)
                        .setEventTime(eventTime)
                        .build();
                out.accept(new DatasetEvent.Purchase(purchase, lineNumber));
            } else {
                ClickEvent click = ClickEvent.newBuilder()
                        .setEventId(ids.eventId(lineNumber))
                        .setUserId(ids.key(userId))
                        .setSessionId(ids.key(sessionId))
                        .setType(clickType)
                        .setProductId(productId)
                        .setCategoryId(categoryId)
                        .setCategoryPath(path)
                        .setBrand(brandName)
                        .setPriceMinor(priceMinor)
                        .setCurrency(null)
                        .setEventTime(eventTime)
                        .build();
                out.accept(new DatasetEvent.Click(click, lineNumber));
            }
            return null;
        }

        private Instant parseTime(String text) throws MalformedLineException {
            try {
                return LocalDateTime.parse(text.strip(), TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw Fields.bad("event_time", text);
            }
        }
    }
}
