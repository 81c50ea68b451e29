package io.segmenter.features;

import static io.segmenter.features.TileRing.D_BOUGHT_PRICE_COUNT;
import static io.segmenter.features.TileRing.D_BOUGHT_PRICE_SUM_MINOR;
import static io.segmenter.features.TileRing.D_CARTS;
import static io.segmenter.features.TileRing.D_EVENTS;
import static io.segmenter.features.TileRing.D_ITEMS;
import static io.segmenter.features.TileRing.D_MAX_ORDER_MINOR;
import static io.segmenter.features.TileRing.D_PURCHASES;
import static io.segmenter.features.TileRing.D_REMOVES;
import static io.segmenter.features.TileRing.D_SEARCHES;
import static io.segmenter.features.TileRing.D_SESSIONS;
import static io.segmenter.features.TileRing.D_SESSION_MILLIS;
import static io.segmenter.features.TileRing.D_SPEND_MINOR;
import static io.segmenter.features.TileRing.D_VIEWS;
import static io.segmenter.features.TileRing.D_VIEW_PRICE_COUNT;
import static io.segmenter.features.TileRing.D_VIEW_PRICE_SUM_MINOR;
import static io.segmenter.features.TileRing.D_WISHLISTS;
import static io.segmenter.features.TileRing.H_CARTS;
import static io.segmenter.features.TileRing.H_EVENTS;
import static io.segmenter.features.TileRing.H_PURCHASES;
import static io.segmenter.features.TileRing.H_REMOVES;
import static io.segmenter.features.TileRing.H_SPEND_MINOR;
import static io.segmenter.features.TileRing.H_VIEWS;
import static io.segmenter.features.TileRing.H_WISHLISTS;
import static io.segmenter.features.TileRing.M_CARTS;
import static io.segmenter.features.TileRing.M_EVENTS;
import static io.segmenter.features.TileRing.M_PURCHASES;
import static io.segmenter.features.TileRing.M_VIEWS;

import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.ClickType;
import io.segmenter.schemas.avro.LineItem;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Everything the feature vectors need to know about one user, in one bounded value updated once
 * per event: three rings of fixed time tiles (60 x 1 min, 24 x 1 h, 30 x 1 day UTC, see
 * {@link TileRing}) plus bounded scalars (first/last seen, session, recency, lifetime totals,
 * hour-of-day and day-of-week counts, distinct-count bitmaps, device and IP changes). Its size
 * does not depend on how many events the user sent; {@link UserFeatureStateCodec} stores it.
 *
 * <p><b>Mutable on purpose</b> (docs/decisions/0002-feature-state.md): {@code apply} updates the
 * value in place so the hot path allocates nothing per event. Only its owner may hold it: the
 * stream processor decodes a private copy from the store, applies, re-encodes, and lets no
 * reference escape. Not thread-safe.
 *
 * <p>Rules, all order-tolerant within the retained tiles:
 * <ul>
 *   <li>An event lands in the tile of its own event time; an event older than the oldest retained
 *       tile of a level skips that level (it still counts in the lifetime values).</li>
 *   <li>Sessions: an event at most {@link #SESSION_GAP} after the previous newest event continues
 *       the session (exactly 30 min continues, like Kafka Streams session windows); a later one
 *       starts a new session. Sessions are counted, and their length accrued, in the day tile in
 *       which they started. An event older than the newest one changes no session value.</li>
 *   <li>Device and IP changes are counted between events in event-time order; an out-of-order
 *       event adds its device to the distinct-device sketch but is not a change.</li>
 *   <li>Activity period: an event more than {@link #LONGEST_WINDOW} after the newest event finds
 *       every tile expired and starts the state afresh, exactly as if the idle user had been
 *       evicted ({@link #isIdle}). So "lifetime" values cover the current activity period, and
 *       whether the store already purged an idle user never changes a feature.</li>
 *   <li>Hours and weekdays are UTC; weeks start on Monday.</li>
 * </ul>
 */
public final class UserFeatureState {

    /** Inactivity that ends a session. */
    public static final Duration SESSION_GAP = Duration.ofMinutes(30);
    /** The longest feature window; also the idle time after which a user is forgotten. */
    public static final Duration LONGEST_WINDOW = Duration.ofDays(30);

    static final int CATEGORY_BITS = 512;
    static final int BRAND_BITS = 512;
    static final int DEVICE_BITS = 64;
    /** "Absent" for the optional times. */
    static final long NONE = Long.MIN_VALUE;
    /** The newest event time of a state without events: before every real one. */
    public static final long NO_EVENTS = Long.MIN_VALUE;

    private static final long SESSION_GAP_MILLIS = SESSION_GAP.toMillis();
    private static final long LONGEST_WINDOW_MILLIS = LONGEST_WINDOW.toMillis();
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final long DAY_MILLIS = 86_400_000L;

    final TileRing minutes = new TileRing(TileRing.Level.MINUTE);
    final TileRing hours = new TileRing(TileRing.Level.HOUR);
    final TileRing days = new TileRing(TileRing.Level.DAY);

    boolean hasEvents;
    long firstSeenMillis;
    /** Newest event time; also the end of the current session. */
    long lastEventMillis;
    long sessionStartMillis;
    long previousSessionEndMillis = NONE;
    long lastPurchaseMillis = NONE;
    long accountCreatedMillis = NONE;
    long lifetimeSpendMinor;
    long lifetimePurchases;
    long deviceChanges;
    long ipChanges;
    /** Hash of the device of the newest event that named one; 0 = none. */
    long lastDeviceHash;
    long lastIpHash;
    long deviceBits;
    final long[] categoryBits = new long[CATEGORY_BITS / 64];
    final long[] brandBits = new long[BRAND_BITS / 64];
    final long[] hourOfDayCounts = new long[24];
    /** Monday = 0 .. Sunday = 6. */
    final long[] dayOfWeekCounts = new long[7];

    /** An empty state: no events yet. */
    public UserFeatureState() {
    }

    /** Folds a (validated) click in. */
    public void apply(ClickEvent click) {
        long t = click.getEventTime().toEpochMilli();
        beginEvent(t, click.getDeviceId(), click.getIp());
        ClickType type = click.getType();
        boolean view = type == ClickType.VIEW;
        boolean cart = type == ClickType.CART;
        boolean remove = type == ClickType.REMOVE_FROM_CART;
        boolean wish = type == ClickType.WISHLIST;

        int m = minutes.rowForWrite(t, lastEventMillis);
        if (m >= 0) {
            long[] c = minutes.counters;
            c[m + M_EVENTS]++;
            c[m + M_VIEWS] += view ? 1 : 0;
            c[m + M_CARTS] += cart ? 1 : 0;
        }
        int h = hours.rowForWrite(t, lastEventMillis);
        if (h >= 0) {
            long[] c = hours.counters;
            c[h + H_EVENTS]++;
            c[h + H_VIEWS] += view ? 1 : 0;
            c[h + H_CARTS] += cart ? 1 : 0;
            c[h + H_REMOVES] += remove ? 1 : 0;
            c[h + H_WISHLISTS] += wish ? 1 : 0;
        }
        int d = days.rowForWrite(t, lastEventMillis);
        if (d >= 0) {
            long[] c = days.counters;
            c[d + D_EVENTS]++;
            c[d + D_VIEWS] += view ? 1 : 0;
            c[d + D_CARTS] += cart ? 1 : 0;
            c[d + D_REMOVES] += remove ? 1 : 0;
            c[d + D_WISHLISTS] += wish ? 1 : 0;
            c[d + D_SEARCHES] += type == ClickType.SEARCH ? 1 : 0;
            Long price = click.getPriceMinor();
            if (view && price != null) {
                c[d + D_VIEW_PRICE_SUM_MINOR] += price;
                c[d + D_VIEW_PRICE_COUNT]++;
            }
        }
        String category = click.getCategoryId() != null ? click.getCategoryId() : click.getCategoryPath();
        addCategory(category);
        addBrand(click.getBrand());
    }

    /**
     * Folds a (validated) purchase in. Its per-device and per-IP counts are not user state: they
     * go straight to {@link FeatureExtractor#fraudVector}.
     */
    public void apply(PurchaseEvent purchase) {
        long t = purchase.getEventTime().toEpochMilli();
        beginEvent(t, purchase.getDeviceId(), purchase.getIp());
        long amount = purchase.getAmountMinor();
        long items = Math.max(0, purchase.getItemCount());

        long boughtSum = 0;
        long boughtCount = 0;
        List<LineItem> lines = purchase.getLineItems();
        if (lines != null) {
            for (int i = 0, n = lines.size(); i < n; i++) {
                LineItem line = lines.get(i);
                addCategory(line.getCategoryId());
                addBrand(line.getBrand());
                if (line.getUnitPriceMinor() > 0 && line.getQuantity() > 0) {
                    boughtSum += line.getUnitPriceMinor() * line.getQuantity();
                    boughtCount += line.getQuantity();
                }
            }
        }
        if (boughtCount == 0 && amount > 0 && items > 0) {
            // no priced lines: the order's average unit price, weighted by its units
            boughtSum = amount;
            boughtCount = items;
        }

        int m = minutes.rowForWrite(t, lastEventMillis);
        if (m >= 0) {
            minutes.counters[m + M_EVENTS]++;
            minutes.counters[m + M_PURCHASES]++;
        }
        int h = hours.rowForWrite(t, lastEventMillis);
        if (h >= 0) {
            long[] c = hours.counters;
            c[h + H_EVENTS]++;
            c[h + H_PURCHASES]++;
            c[h + H_SPEND_MINOR] += amount;
        }
        int d = days.rowForWrite(t, lastEventMillis);
        if (d >= 0) {
            long[] c = days.counters;
            c[d + D_EVENTS]++;
            c[d + D_PURCHASES]++;
            c[d + D_ITEMS] += items;
            c[d + D_SPEND_MINOR] += amount;
            c[d + D_MAX_ORDER_MINOR] = Math.max(c[d + D_MAX_ORDER_MINOR], amount);
            c[d + D_BOUGHT_PRICE_SUM_MINOR] += boughtSum;
            c[d + D_BOUGHT_PRICE_COUNT] += boughtCount;
        }
        lifetimeSpendMinor += amount;
        lifetimePurchases++;
        lastPurchaseMillis = Math.max(lastPurchaseMillis, t);
        Instant created = purchase.getAccountCreatedTime();
        if (created != null) {
            accountCreatedMillis = created.toEpochMilli();
        }
    }

    /** True when the state holds no event. */
    public boolean isEmpty() {
        return !hasEvents;
    }

    /** Newest event time folded in, if any. */
    public Optional<Instant> lastEventTime() {
        return hasEvents ? Optional.of(Instant.ofEpochMilli(lastEventMillis)) : Optional.empty();
    }

    /**
     * True when the newest event is more than {@link #LONGEST_WINDOW} plus {@code grace} before
     * {@code streamTime} (or there is none): every window is empty and the next event would
     * start afresh anyway, so the store may delete the user. Deleting earlier or later than this
     * never changes a feature value.
     */
    public boolean isIdle(Instant streamTime, Duration grace) {
        return !hasEvents || lastEventMillis < idleCutoffMillis(streamTime.toEpochMilli(), grace);
    }

    /**
     * The newest event time folded in, or {@link #NO_EVENTS} when there is none (also what
     * {@link UserFeatureStateCodec#lastEventMillis} reads from the encoded state).
     */
    public long lastEventMillis() {
        return hasEvents ? lastEventMillis : NO_EVENTS;
    }

    /**
     * A state whose newest event (or {@link #NO_EVENTS}) is before this is idle at
     * {@code streamTimeMillis}: the same rule as {@link #isIdle}, for a time read without decoding.
     */
    public static long idleCutoffMillis(long streamTimeMillis, Duration grace) {
        return streamTimeMillis - LONGEST_WINDOW_MILLIS - grace.toMillis();
    }

    /** Back to the empty state, keeping the arrays (for reuse by a decoder). */
    void reset() {
        minutes.clear();
        hours.clear();
        days.clear();
        hasEvents = false;
        firstSeenMillis = 0;
        lastEventMillis = 0;
        sessionStartMillis = 0;
        previousSessionEndMillis = NONE;
        lastPurchaseMillis = NONE;
        accountCreatedMillis = NONE;
        lifetimeSpendMinor = 0;
        lifetimePurchases = 0;
        deviceChanges = 0;
        ipChanges = 0;
        lastDeviceHash = 0;
        lastIpHash = 0;
        deviceBits = 0;
        Arrays.fill(categoryBits, 0L);
        Arrays.fill(brandBits, 0L);
        Arrays.fill(hourOfDayCounts, 0L);
        Arrays.fill(dayOfWeekCounts, 0L);
    }

    /** What every event does: activity period, first/last seen, session, profile, device and IP. */
    private void beginEvent(long t, String deviceId, String ip) {
        if (hasEvents && t - lastEventMillis > LONGEST_WINDOW_MILLIS) {
            reset();
        }
        boolean newSession = false;
        long sessionExtension = 0;
        boolean inOrder;
        if (!hasEvents) {
            hasEvents = true;
            inOrder = true;
            firstSeenMillis = t;
            lastEventMillis = t;
            sessionStartMillis = t;
            newSession = true;
        } else if (t >= lastEventMillis) {
            inOrder = true;
            long gap = t - lastEventMillis;
            if (gap > SESSION_GAP_MILLIS) {
                previousSessionEndMillis = lastEventMillis;
                sessionStartMillis = t;
                newSession = true;
            } else {
                sessionExtension = gap;
            }
            lastEventMillis = t;
        } else {
            inOrder = false;
            firstSeenMillis = Math.min(firstSeenMillis, t);
        }

        if (newSession) {
            int row = days.rowForWrite(t, lastEventMillis);
            days.counters[row + D_SESSIONS]++;
        } else if (sessionExtension > 0) {
            int row = days.rowIfPresent(days.tileOf(sessionStartMillis), days.tileOf(lastEventMillis));
            if (row >= 0) {
                days.counters[row + D_SESSION_MILLIS] += sessionExtension;
            }
        }

        hourOfDayCounts[(int) Math.floorMod(Math.floorDiv(t, HOUR_MILLIS), 24L)]++;
        // 1970-01-01 was a Thursday (Monday = 0, so Thursday = 3)
        dayOfWeekCounts[(int) Math.floorMod(Math.floorDiv(t, DAY_MILLIS) + 3, 7L)]++;

        if (present(deviceId)) {
            long hash = Hashing.nonZeroHash64(deviceId);
            deviceBits |= 1L << (hash >>> 58);
            if (inOrder) {
                if (lastDeviceHash != 0 && lastDeviceHash != hash) {
                    deviceChanges++;
                }
                lastDeviceHash = hash;
            }
        }
        if (present(ip) && inOrder) {
            long hash = Hashing.nonZeroHash64(ip);
            if (lastIpHash != 0 && lastIpHash != hash) {
                ipChanges++;
            }
            lastIpHash = hash;
        }
    }

    private void addCategory(String category) {
        if (present(category)) {
            setBit(categoryBits, Hashing.hash64(category) >>> (64 - 9));
        }
    }

    private void addBrand(String brand) {
        if (present(brand)) {
            setBit(brandBits, Hashing.hash64(brand) >>> (64 - 9));
        }
    }

    private static void setBit(long[] words, long bit) {
        words[(int) (bit >>> 6)] |= 1L << bit;
    }

    static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    /**
     * Linear-counting estimate of the distinct values hashed into {@code m} bits:
     * {@code -m ln(V / m)} with V the number of zero bits; {@code m ln m} once saturated.
     */
    static double linearCount(long[] words, int m) {
        int ones = 0;
        for (long w : words) {
            ones += Long.bitCount(w);
        }
        return linearCount(ones, m);
    }

    static double linearCount(int ones, int m) {
        int zeros = m - ones;
        if (zeros == 0) {
            return m * Math.log(m);
        }
        return -m * Math.log((double) zeros / m);
    }
}
