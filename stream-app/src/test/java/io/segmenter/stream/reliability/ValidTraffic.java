package io.segmenter.stream.reliability;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.PaymentMethod;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.avro.specific.SpecificRecord;

/**
 * Deterministic valid traffic: {@code users} shoppers who each view, cart and (every third one)
 * buy within 20 minutes of event time, starting 37 s apart from {@link #BASE}; sorted by event
 * time, so every input partition receives its events in event-time order.
 */
final class ValidTraffic {

    static final Instant BASE = Instant.parse("2024-03-01T10:00:00Z");

    private ValidTraffic() {
    }

    static List<String> users(int count) {
        List<String> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            users.add(String.format(Locale.ROOT, "user-%02d", i));
        }
        return users;
    }

    /** Clicks and purchases of every user, in event-time order. */
    static List<SpecificRecord> events(List<String> users) {
        List<SpecificRecord> events = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i);
            Instant start = BASE.plusSeconds(37L * i);
            for (int v = 0; v < 2 + i % 5; v++) {
                events.add(click(user, ClickType.VIEW, start.plusSeconds(90L * v), 1_000 + 250L * (i % 7) + 10L * v));
            }
            events.add(click(user, ClickType.CART, start.plus(Duration.ofMinutes(8)), 1_000 + 250L * (i % 7)));
            if (i % 3 == 0) {
                events.add(purchase(user, 1, start.plus(Duration.ofMinutes(12)), 1_000 + 250L * (i % 7)));
            }
            if (i % 5 == 0) {
                events.add(click(user, ClickType.SEARCH, start.plus(Duration.ofMinutes(14)), null));
                events.add(purchase(user, 2, start.plus(Duration.ofMinutes(19)), 4_999L * (1 + i % 3)));
            }
        }
        events.sort(Comparator.comparing(ValidTraffic::eventTime));
        return events;
    }

    static Instant eventTime(SpecificRecord event) {
        return event instanceof ClickEvent click ? click.getEventTime() : ((PurchaseEvent) event).getEventTime();
    }

    static String userId(SpecificRecord event) {
        return event instanceof ClickEvent click ? click.getUserId() : ((PurchaseEvent) event).getUserId();
    }

    static ClickEvent click(String user, ClickType type, Instant at, Long priceMinor) {
        return ClickEvent.newBuilder()
                .setEventId(user + "-" + type + "-" + at.toEpochMilli()).setUserId(user).setType(type)
                .setProductId(priceMinor == null ? null : "p-" + priceMinor).setCategoryId("c-" + (priceMinor == null ? 0 : priceMinor % 3))
                .setPriceMinor(priceMinor).setCurrency(priceMinor == null ? null : "EUR")
                .setDeviceId("dev-" + user).setIp("10.1.0." + (user.hashCode() & 0x7f))
                .setEventTime(at).build();
    }

    static PurchaseEvent purchase(String user, int number, Instant at, long amountMinor) {
        return PurchaseEvent.newBuilder()
                .setEventId(user + "-purchase-" + number).setOrderId("o-" + user + "-" + number).setUserId(user)
                .setAmountMinor(amountMinor).setCurrency("EUR").setItemCount(1).setPaymentMethod(PaymentMethod.CARD)
                .setDeviceId("dev-" + user).setIp("10.1.0." + (user.hashCode() & 0x7f))
                .setAccountCreatedTime(BASE.minus(Duration.ofDays(40)))
                .setEventTime(at).build();
    }
}
