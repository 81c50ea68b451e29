package io.segmenter.features.dataset;

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
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * "Fraud_Data" CSV: one labelled first purchase per row. Columns by name; required: {@code user_id},
 * {@code purchase_time}, {@code purchase_value}; optional (copies differ): {@code signup_time},
 * {@code device_id}, {@code source}, {@code browser}, {@code ip_address}, {@code class}. An absent
 * optional column, like an empty value in one, reads as unknown; a header without a required column
 * fails the read ({@link DatasetFormatException}). {@code sex} and {@code age} have no place in the
 * wire contract and are not read.
 *
 * <p>Each row becomes a {@link PurchaseEvent}: event time {@code purchase_time}, account creation
 * {@code signup_time}, amount {@code purchase_value} x 100 (currency USD), one item, device id,
 * {@code browser} as user-agent family, {@code source} as traffic source, order id
 * {@code <prefix>fraud-data-<user>-<purchase epoch second>}; {@code class} (0 or 1) becomes the
 * event's {@link DatasetEvent#label()}, not a wire field.
 *
 * <p>Times come in the forms the copies in circulation use: {@code 2015-02-24 22:55:49}
 * ({@code YYYY-MM-DD HH:MM:SS}), {@code 2/24/2015 22:55[:49]} ({@code M/D/YYYY H:MM[:SS]}, a re-save
 * by Excel, which drops the seconds) and {@code 8/20/15 4:19} ({@code M/D/YY H:MM[:SS]}, a two-digit
 * year read as 20YY, see {@link UsDateTimes}). They have no zone and are read as UTC; an impossible
 * date ({@code 2/30/2015}) is malformed.
 *
 * <p>{@code ip_address} is an IPv4 address written as a number, sometimes with a fraction
 * ({@code 732758368.8}: Excel kept 10 significant digits); it becomes dotted text of the number
 * rounded down ({@code 43.173.46.96}). Malformed: a field count other than the header's,
 * a bad user id, time, amount, address or class.
 */
final class FraudDataReader extends LineDatasetReader {

    static final FraudDataReader INSTANCE = new FraudDataReader();

    private static final DateTimeFormatter ISO_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);

    private FraudDataReader() {
    }

    @Override
    public DatasetFormat format() {
        return DatasetFormat.FRAUD_DATA;
    }

    @Override
    LineParser newParser(Ids ids, String sourceName) {
        return new Parser(ids, sourceName);
    }

    static Instant parseTime(String text, String field) throws MalformedLineException {
        String s = text.strip();
        try {
            DateTimeFormatter form = UsDateTimes.isUsStyle(s) ? UsDateTimes.TWO_OR_FOUR_DIGIT_YEAR : ISO_TIME;
            return LocalDateTime.parse(s, form).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw Fields.bad(field, text);
        }
    }

    private final class Parser implements LineParser {
        private final Ids ids;
        private final String sourceName;
        private int columns;
        private int userCol;
        private int purchaseTimeCol;
        private int valueCol;
        private int signupCol;
        private int deviceCol;
        private int sourceCol;
        private int browserCol;
        private int ipCol;
        private int classCol;

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
            userCol = h.required("user_id");
            purchaseTimeCol = h.required("purchase_time");
            valueCol = h.required("purchase_value");
            signupCol = h.optional("signup_time");
            deviceCol = h.optional("device_id");
            sourceCol = h.optional("source");
            browserCol = h.optional("browser");
            ipCol = h.optional("ip_address");
            classCol = h.optional("class");
            h.check();
        }

        @Override
        public SkipReason parse(String line, long lineNumber, Consumer<DatasetEvent> out) throws MalformedLineException {
            List<String> f = Csv.split(line);
            Fields.expectCount(f, columns);
            String user = Fields.digits(f.get(userCol), "user_id");
            Instant purchaseTime = parseTime(f.get(purchaseTimeCol), "purchase_time");
            long amountMinor = Fields.minorUnits(f.get(valueCol), "purchase_value");
            String signupText = Fields.optional(f, signupCol);
            Instant signup = signupText == null ? null : parseTime(signupText, "signup_time");
            String ipText = Fields.optional(f, ipCol);
            String ip = ipText == null ? null : Fields.ipv4FromNumber(ipText, "ip_address");
            String classText = Fields.optional(f, classCol);
            OptionalInt label;
            if (classText == null) {
                label = OptionalInt.empty();
            } else if (classText.equals("0") || classText.equals("1")) {
                label = OptionalInt.of(classText.charAt(0) - '0');
            } else {
                throw Fields.bad("class", classText);
            }
            PurchaseEvent purchase = PurchaseEvent.newBuilder()
                    .setEventId(ids.eventId(lineNumber))
                    .setOrderId(ids.derived(user, Long.toString(purchaseTime.getEpochSecond())))
                    .setUserId(ids.key(user))
                    .setAmountMinor(amountMinor)
                    .setCurrency("USD")
                    .setItemCount(1)
                    .setLineItems(List.of())
                    .setPaymentMethod(PaymentMethod.UNKNOWN)
                    .setDeviceId(ids.key(Fields.optional(f, deviceCol)))
                    .setIp(ip)
                    .setUserAgentFamily(Fields.optional(f, browserCol))
                    .setTrafficSource(Fields.optional(f, sourceCol))
                    .setAccountCreatedTime(signup)
                    .setEventTime(purchaseTime)
                    .build();
            out.accept(new DatasetEvent.Purchase(purchase, lineNumber, label));
            return null;
        }
    }
}
