package io.segmenter.features;

import static io.segmenter.features.TestEvents.BASE;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Seeded random event streams for property tests: bursts, gaps, late arrivals, every field. */
final class RandomEvents {

    private static final ClickType[] TYPES = {ClickType.VIEW, ClickType.VIEW, ClickType.VIEW, ClickType.CART,
            ClickType.REMOVE_FROM_CART, ClickType.WISHLIST, ClickType.SEARCH};

    private RandomEvents() {
    }

    /** Events of {@code users} users, roughly in time order with some late ones, as replay input. */
    static List<ReplayEvent> stream(long seed, int count, int users) {
        Random r = new Random(seed);
        List<ReplayEvent> out = new ArrayList<>(count);
        long t = BASE.toEpochMilli();
        for (int i = 0; i < count; i++) {
            t += nextGap(r);
            long eventTime = r.nextInt(10) == 0 ? t - (long) (r.nextDouble() * 3 * 86_400_000L) : t;
            String user = "user-" + r.nextInt(users);
            Instant at = Instant.ofEpochMilli(eventTime);
            out.add(r.nextInt(8) == 0 ? ReplayEvent.of(purchase(r, user, at)) : ReplayEvent.of(click(r, user, at)));
        }
        return out;
    }

    private static long nextGap(Random r) {
        return switch (r.nextInt(10)) {
            case 0 -> (long) (r.nextDouble() * 5 * 86_400_000L); // days
            case 1, 2 -> (long) (r.nextDouble() * 7_200_000L); // up to two hours
            default -> (long) (r.nextDouble() * 120_000L); // a burst
        };
    }

    static ClickEvent click(Random r, String user, Instant at) {
        ClickType type = TYPES[r.nextInt(TYPES.length)];
        ClickEvent.Builder b = TestEvents.clickBuilder(user, type, at);
        if (r.nextBoolean()) {
            b.setCategoryId("cat-" + r.nextInt(300));
        }
        if (r.nextInt(3) == 0) {
            b.setBrand("brand-" + r.nextInt(100));
        }
        if (r.nextBoolean()) {
            b.setPriceMinor((long) r.nextInt(50_000));
        }
        if (r.nextInt(4) != 0) {
            b.setDeviceId("dev-" + r.nextInt(6));
        }
        if (r.nextInt(4) != 0) {
            b.setIp("10.0.0." + r.nextInt(6));
        }
        return b.build();
    }

    static PurchaseEvent purchase(Random r, String user, Instant at) {
        List<LineItem> lines = new ArrayList<>();
        int n = r.nextInt(3);
        long total = 0;
        int items = 0;
        for (int i = 0; i < n; i++) {
            LineItem line = TestEvents.line("p-" + r.nextInt(1000), r.nextBoolean() ? "cat-" + r.nextInt(300) : null,
                    r.nextBoolean() ? "brand-" + r.nextInt(100) : null, 1 + r.nextInt(3), r.nextInt(200));
            lines.add(line);
            total += line.getUnitPriceMinor() * line.getQuantity();
            items += line.getQuantity();
        }
        PurchaseEvent.Builder b = TestEvents.purchaseBuilder(user, 0, at)
                .setAmountMinor(n == 0 ? r.nextInt(100_000) : total)
                .setItemCount(n == 0 ? 1 + r.nextInt(4) : items)
                .setLineItems(lines);
        if (r.nextInt(3) != 0) {
            b.setDeviceId("dev-" + r.nextInt(6));
        }
        if (r.nextInt(3) != 0) {
            b.setIp("10.0.0." + r.nextInt(6));
        }
        if (r.nextInt(4) == 0) {
            b.setAccountCreatedTime(at.minusSeconds(r.nextInt(1_000_000)));
        }
        return b.build();
    }

    static void apply(UserFeatureState s, ReplayEvent e) {
        if (e instanceof ReplayEvent.Purchase p) {
            s.apply(p.event());
        } else {
            s.apply(((ReplayEvent.Click) e).event());
        }
    }
}
