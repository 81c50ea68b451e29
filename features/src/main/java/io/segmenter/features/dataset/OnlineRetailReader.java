package io.segmenter.features.dataset;

import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.PaymentMethod;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * UCI Online Retail invoice lines (CSV, header, quoted strings, {@code NA} for missing). Columns by
 * name; required: {@code InvoiceNo}, {@code StockCode}, {@code Quantity}, {@code InvoiceDate},
 * {@code UnitPrice}, {@code CustomerID}; optional: {@code Country} (absent or empty: unknown). A
 * header without a required column fails the read ({@link DatasetFormatException}).
 *
 * <p>Accepted lines are grouped into <b>one {@link PurchaseEvent} per (invoice, customer)</b>, emitted
 * after the last line in the order of their first line: one line item per line (stock code,
 * quantity, unit price in pence), itemCount the sum of quantities, amount the exact sum of
 * quantity x unit price rounded half-up to pence, currency GBP, country from the first line, event
 * time the earliest line's (11 invoices in the 20k sample span two adjacent minutes). Event id
 * {@code <prefix>online-retail-<invoice>-<customer>}, order id the same; the event's line number is
 * its first line.
 *
 * <p>{@code InvoiceDate} is {@code 2010-12-01 08:26[:00]} ({@code YYYY-MM-DD HH:MM[:SS]}) or, in the
 * Excel export, {@code 12/1/2010 8:26[:00]} ({@code M/D/YYYY H:MM[:SS]}); no two-digit-year copy is
 * known, so none is accepted; an impossible date is malformed. The time has no zone; the retailer is
 * in the UK, so it is read as Europe/London local time (a time in the spring-forward gap moves an
 * hour later; in the autumn overlap the earlier, summer offset is used).
 *
 * <p>Each line is checked in this order, the first failing check deciding:
 * <ol>
 *   <li>malformed: wrong field count, empty invoice or stock code, Quantity not an integer,
 *       UnitPrice not a number, bad date, CustomerID neither digits nor {@code NA}/empty;
 *   <li>skipped {@link SkipReason#CANCELLATION}: InvoiceNo starting with {@code C} (a refund, and
 *       purchase amounts cannot be negative);
 *   <li>skipped {@link SkipReason#NO_CUSTOMER_ID}: CustomerID {@code NA} or empty;
 *   <li>skipped {@link SkipReason#NON_PRODUCT_STOCK_CODE}: a stock code other than five digits with
 *       an optional letter suffix ({@code 85123A}); this drops {@code POST}, {@code DOT}, {@code M},
 *       {@code D}, {@code C2}, {@code S}, {@code BANK CHARGES}, {@code AMAZONFEE}, gift vouchers, ...;
 *   <li>skipped {@link SkipReason#NON_POSITIVE_QUANTITY}: quantity 0 or below (stock adjustments);
 *   <li>malformed: a negative unit price on an otherwise accepted line, or an invoice total that
 *       does not fit a {@code long} of pence.
 * </ol>
 */
final class OnlineRetailReader extends LineDatasetReader {

    static final OnlineRetailReader INSTANCE = new OnlineRetailReader();

    static final ZoneId ZONE = ZoneId.of("Europe/London");

    private static final Pattern PRODUCT_CODE = Pattern.compile("[0-9]{5}[A-Za-z]*");
    private static final Pattern CUSTOMER = Pattern.compile("([0-9]{1,18})(\\.0+)?");
    private static final DateTimeFormatter ISO_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm[:ss]", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private OnlineRetailReader() {
    }

    @Override
    public DatasetFormat format() {
        return DatasetFormat.ONLINE_RETAIL;
    }

    @Override
    LineParser newParser(Ids ids, String sourceName) {
        return new Parser(ids, sourceName);
    }

    static Instant parseInvoiceDate(String text) throws MalformedLineException {
        String s = text.strip();
        try {
            DateTimeFormatter form = UsDateTimes.isUsStyle(s) ? UsDateTimes.FOUR_DIGIT_YEAR : ISO_TIME;
            return LocalDateTime.parse(s, form).atZone(ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw Fields.bad("InvoiceDate", text);
        }
    }

    private static final class Order {
        final long firstLine;
        final String invoice;
        final String customer;
        final String country;
        final List<LineItem> items = new ArrayList<>();
        Instant time;
        long units;
        BigDecimal amount = BigDecimal.ZERO;

        Order(long firstLine, String invoice, String customer, String country, Instant time) {
            this.firstLine = firstLine;
            this.invoice = invoice;
            this.customer = customer;
            this.country = country;
            this.time = time;
        }
    }

    private final class Parser implements LineParser {
        private final Ids ids;
        private final String sourceName;
        private final Map<String, Order> orders = new LinkedHashMap<>();
        private int columns;
        private int invoiceCol;
        private int stockCol;
        private int quantityCol;
        private int dateCol;
        private int priceCol;
        private int customerCol;
        private int countryCol;

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
            invoiceCol = h.required("InvoiceNo");
            stockCol = h.required("StockCode");
            quantityCol = h.required("Quantity");
            dateCol = h.required("InvoiceDate");
            priceCol = h.required("UnitPrice");
            customerCol = h.required("CustomerID");
            countryCol = h.optional("Country");
            h.check();
        }

        @Override
        public SkipReason parse(String line, long lineNumber, Consumer<DatasetEvent> out) throws MalformedLineException {
            List<String> f = Csv.split(line);
            Fields.expectCount(f, columns);
            String invoice = f.get(invoiceCol).strip();
            if (invoice.isEmpty()) {
                throw Fields.bad("InvoiceNo", invoice);
            }
            String stockCode = f.get(stockCol).strip();
            if (stockCode.isEmpty()) {
                throw Fields.bad("StockCode", stockCode);
            }
            int quantity = Fields.parseInt(f.get(quantityCol), "Quantity");
            BigDecimal unitPrice = Fields.decimal(f.get(priceCol), "UnitPrice");
            Instant time = parseInvoiceDate(f.get(dateCol));
            String customer = customer(f.get(customerCol));

            if (invoice.charAt(0) == 'C' || invoice.charAt(0) == 'c') {
                return SkipReason.CANCELLATION;
            }
            if (customer == null) {
                return SkipReason.NO_CUSTOMER_ID;
            }
            if (!PRODUCT_CODE.matcher(stockCode).matches()) {
                return SkipReason.NON_PRODUCT_STOCK_CODE;
            }
            if (quantity <= 0) {
                return SkipReason.NON_POSITIVE_QUANTITY;
            }
            long unitPriceMinor = Fields.minorUnits(unitPrice, "UnitPrice");

            String key = invoice + '\u0000' + customer;
            Order order = orders.get(key);
            BigDecimal amount = unitPrice.multiply(BigDecimal.valueOf(quantity));
            if (order != null) {
                amount = amount.add(order.amount);
            }
            Fields.minorUnits(amount, "invoice amount");
            if (order == null) {
                order = new Order(lineNumber, invoice, customer, Fields.optional(f, countryCol), time);
                orders.put(key, order);
            }
            if (time.isBefore(order.time)) {
                order.time = time;
            }
            order.units += quantity;
            order.amount = amount;
            order.items.add(LineItem.newBuilder()
                    .setProductId(stockCode).setCategoryId(null).setBrand(null)
                    .setQuantity(quantity).setUnitPriceMinor(unitPriceMinor).build());
            return null;
        }

        private String customer(String text) throws MalformedLineException {
            String s = text.strip();
            if (s.isEmpty() || s.equalsIgnoreCase("NA")) {
                return null;
            }
            var m = CUSTOMER.matcher(s);
            if (!m.matches()) {
                throw Fields.bad("CustomerID", text);
            }
            return m.group(1);
        }

        @Override
        public void finish(Consumer<DatasetEvent> out) {
            for (Order order : orders.values()) {
                long amountMinor = order.amount.setScale(2, RoundingMode.HALF_UP).movePointRight(2).longValueExact();
                String id = ids.derived(order.invoice, order.customer);
                PurchaseEvent purchase = PurchaseEvent.newBuilder()
                        .setEventId(id)
                        .setOrderId(id)
                        .setUserId(ids.key(order.customer))
                        .setAmountMinor(amountMinor)
                        .setCurrency("GBP")
                        .setItemCount((int) Math.min(Integer.MAX_VALUE, order.units))
                        .setLineItems(order.items)
                        .setPaymentMethod(PaymentMethod.UNKNOWN)
                        .setCountry(order.country)
                        .setEventTime(order.time)
                        .build();
                out.accept(new DatasetEvent.Purchase(purchase, order.firstLine));
            }
            orders.clear();
        }
    }
}
