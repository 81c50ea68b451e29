package io.segmenter.features;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Small builders for test events; fixed instants only. */
final class TestEvents {

    /** Monday 2024-03-04 00:00 UTC: an edge of every minute, hour and day tile. */
    static final Instant BASE = Instant.parse("2024-03-04T00:00:00Z");

    private static final AtomicLong IDS = new AtomicLong();

    static {
        AvroTestSupport.trustGeneratedClasses();
    }

    private TestEvents() {
    }

    static Instant at(Duration offset) {
        return BASE.plus(offset);
    }

    static Duration minutes(long m) {
        return Duration.ofMinutes(m);
    }

    static Duration hours(long h) {
        return Duration.ofHours(h);
    }

    static Duration days(long d) {
        return Duration.ofDays(d);
    }

    static ClickEvent.Builder clickBuilder(String user, ClickType type, Instant at) {
        return ClickEvent.newBuilder()
                .setEventId("c-" + IDS.incrementAndGet())
                .setUserId(user)
                .setType(type)
                .setEventTime(at);
    }

    static ClickEvent click(String user, ClickType type, Instant at) {
        return clickBuilder(user, type, at).build();
    }

    static ClickEvent view(String user, Instant at) {
        return click(user, ClickType.VIEW, at);
    }

    static ClickEvent pricedView(String user, double price, Instant at) {
        return clickBuilder(user, ClickType.VIEW, at).setPriceMinor(minor(price)).build();
    }

    static PurchaseEvent.Builder purchaseBuilder(String user, double amount, Instant at) {
        long id = IDS.incrementAndGet();
        return PurchaseEvent.newBuilder()
                .setEventId("p-" + id)
                .setOrderId("o-" + id)
                .setUserId(user)
                .setAmountMinor(minor(amount))
                .setItemCount(1)
                .setEventTime(at);
    }

    static PurchaseEvent purchase(String user, double amount, Instant at) {
        return purchaseBuilder(user, amount, at).build();
    }

    static PurchaseEvent purchaseOnDevice(String user, String device, String ip, Instant at) {
        return purchaseBuilder(user, 10, at).setDeviceId(device).setIp(ip).build();
    }

    static LineItem line(String product, String category, String brand, int quantity, double unitPrice) {
        return LineItem.newBuilder()
                .setProductId(product)
                .setCategoryId(category)
                .setBrand(brand)
                .setQuantity(quantity)
                .setUnitPriceMinor(minor(unitPrice))
                .build();
    }

    static PurchaseEvent purchaseWithLines(String user, Instant at, List<LineItem> lines) {
        long total = 0;
        int items = 0;
        for (LineItem l : lines) {
            total += l.getUnitPriceMinor() * l.getQuantity();
            items += l.getQuantity();
        }
        return purchaseBuilder(user, 0, at).setAmountMinor(total).setItemCount(items).setLineItems(lines).build();
    }

    static long minor(double currency) {
        return Math.round(currency * 100);
    }

    static UserFeatureState stateOf(Object... events) {
        UserFeatureState s = new UserFeatureState();
        for (Object e : events) {
            if (e instanceof ClickEvent c) {
                s.apply(c);
            } else {
                s.apply((PurchaseEvent) e);
            }
        }
        return s;
    }

    static FeatureVector segment(UserFeatureState s, Instant asOf) {
        return FeatureExtractor.segmentVector(s, asOf);
    }
}
