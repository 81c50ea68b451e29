package io.segmenter.features.dataset;

import io.segmenter.schemas.avro.PaymentMethod;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * CDNOW master file: fields separated by runs of blanks, a header line naming {@code customer_id},
 * {@code date} ({@code YYYYMMDD}, the only form of the published file), {@code number_of_cds} and
 * {@code dollar_value} (found by name, all required: a header without one fails the read with a
 * {@link DatasetFormatException}).
 * Each line becomes a {@link PurchaseEvent} at midnight UTC of its date (the data has no time of
 * day), itemCount the number of CDs, amount the dollar value in cents, currency USD, no line items.
 * The customer id is kept as written ({@code 00001}). Identical lines are separate same-day orders
 * in the source, so the order id carries the line number: {@code <prefix>cdnow-<customer>-<date>-<line>}.
 * Malformed: a field count other than the header's, a bad id or date, fewer than 1 CD, a negative or
 * non-numeric value.
 */
final class CdnowReader extends LineDatasetReader {

    static final CdnowReader INSTANCE = new CdnowReader();

    private static final Pattern BLANKS = Pattern.compile("\\s+");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuuMMdd", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private CdnowReader() {
    }

    @Override
    public DatasetFormat format() {
        return DatasetFormat.CDNOW;
    }

    @Override
    LineParser newParser(Ids ids, String sourceName) {
        return new Parser(ids, sourceName);
    }

    private static List<String> split(String line) {
        return Arrays.asList(BLANKS.split(line.strip()));
    }

    private final class Parser implements LineParser {
        private final Ids ids;
        private final String sourceName;
        private int columns;
        private int customerCol;
        private int dateCol;
        private int cdsCol;
        private int valueCol;

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
            Header h = new Header(format(), sourceName, split(line));
            columns = h.size();
            customerCol = h.required("customer_id");
            dateCol = h.required("date");
            cdsCol = h.required("number_of_cds");
            valueCol = h.required("dollar_value");
            h.check();
        }

        @Override
        public SkipReason parse(String line, long lineNumber, Consumer<DatasetEvent> out) throws MalformedLineException {
            List<String> f = split(line);
            Fields.expectCount(f, columns);
            String customer = Fields.digits(f.get(customerCol), "customer_id");
            String date = f.get(dateCol);
            Instant time;
            try {
                time = LocalDate.parse(date, DATE).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw Fields.bad("date", date);
            }
            int cds = Fields.parseInt(f.get(cdsCol), "number_of_cds");
            if (cds < 1) {
                throw new MalformedLineException("number_of_cds " + cds + " below 1");
            }
            long amountMinor = Fields.minorUnits(f.get(valueCol), "dollar_value");
            PurchaseEvent purchase = PurchaseEvent.newBuilder()
                    .setEventId(ids.eventId(lineNumber))
                    .setOrderId(ids.derived(customer, date, Long.toString(lineNumber)))
                    .setUserId(ids.key(customer))
                    .setAmountMinor(amountMinor)
                    .setCurrency("USD")
                    .setItemCount(cds)
                    .setLineItems(List.of())
                    .setPaymentMethod(PaymentMethod.UNKNOWN)
                    .setEventTime(time)
                    .build();
            out.accept(new DatasetEvent.Purchase(purchase, lineNumber));
            return null;
        }
    }
}
