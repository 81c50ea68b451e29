package io.segmenter.stream.bench;

import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.schemas.avro.ClickEvent;
import io.segmenter.schemas.avro.PurchaseEvent;
import java.time.Instant;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * One generation of benchmark events ({@link BenchInput#generate}), in event-time order. Events
 * are built when asked for ({@link #get}), so that a million of them take a few megabytes rather
 * than the hundreds a list of records would add to the heap the benchmark measures.
 */
final class BenchEvents extends AbstractList<DatasetEvent> implements RandomAccess {

    /** An event's key packs its time offset above {@value #ID_BITS} bits of its id (copy times sample size plus index). */
    static final int ID_BITS = 27;
    static final long ID_MASK = (1L << ID_BITS) - 1;

    private final String userTag;
    private final String tag;
    private final List<DatasetEvent> sample;
    private final long[] order;
    /** Per event (in order), the number of its user. */
    private final int[] eventUser;
    private final int users;
    private final int copies;
    private final long originMillis;
    private final long clicks;
    private final long purchases;

    BenchEvents(String userTag, String tag, List<DatasetEvent> sample, long[] order, int[] eventUser, int users, int copies,
                long originMillis, long clicks, long purchases) {
        this.userTag = userTag;
        this.tag = tag;
        this.sample = sample;
        this.order = order;
        this.eventUser = eventUser;
        this.users = users;
        this.copies = copies;
        this.originMillis = originMillis;
        this.clicks = clicks;
        this.purchases = purchases;
    }

    @Override
    public int size() {
        return order.length;
    }

    /** The same events moved in time so that the last is at {@code end}. */
    BenchEvents endingAt(Instant end) {
        return withOrigin(end.toEpochMilli() - (order[order.length - 1] >>> ID_BITS));
    }

    /** The first {@code n} events (all of them when there are fewer). */
    BenchEvents first(int n) {
        return n >= order.length ? this : slice(0, n);
    }

    /** Events {@code from} (inclusive) to {@code to} (exclusive), in the same time frame. */
    BenchEvents slice(int from, int to) {
        if (from < 0 || to > order.length || from >= to) {
            throw new IndexOutOfBoundsException("slice " + from + ".." + to + " of " + order.length + " events");
        }
        long[] part = java.util.Arrays.copyOfRange(order, from, to);
        int[] partUsers = java.util.Arrays.copyOfRange(eventUser, from, to);
        java.util.BitSet seen = new java.util.BitSet();
        long partClicks = 0;
        int m = sample.size();
        for (int i = 0; i < part.length; i++) {
            seen.set(partUsers[i]);
            if (sample.get((int) (part[i] & ID_MASK) % m) instanceof DatasetEvent.Click) {
                partClicks++;
            }
        }
        return new BenchEvents(userTag, tag, sample, part, partUsers, seen.cardinality(), copies, originMillis,
                partClicks, part.length - partClicks);
    }

    private BenchEvents withOrigin(long origin) {
        return new BenchEvents(userTag, tag, sample, order, eventUser, users, copies, origin, clicks, purchases);
    }

    /** Prefix of the user ids: {@code userTag-uN}. */
    String userTag() {
        return userTag;
    }

    /** Distinct users of this generation. */
    int distinctUsers() {
        return users;
    }

    /** Copies of the sample the events were drawn from. */
    int copies() {
        return copies;
    }

    long clicks() {
        return clicks;
    }

    long purchases() {
        return purchases;
    }

    /** The user id of user number {@code index} (0 to {@code users() - 1}). */
    String userId(int index) {
        return userTag + "-u" + index;
    }

    /** Event time of event {@code i}, without building it. */
    long eventTimeMillis(int i) {
        return originMillis + (order[i] >>> ID_BITS);
    }

    /** User id of event {@code i}, without building it. */
    String userIdOf(int i) {
        return userId(eventUser[i]);
    }

    /** Event id of event {@code i}, without building it. */
    String eventIdOf(int i) {
        int id = (int) (order[i] & ID_MASK);
        int m = sample.size();
        return sample.get(id % m).eventId() + "~" + tag + (id / m);
    }

    /** Event ids of every purchase. */
    java.util.Set<String> purchaseEventIds() {
        java.util.Set<String> ids = new java.util.HashSet<>();
        int m = sample.size();
        for (int i = 0; i < order.length; i++) {
            if (sample.get((int) (order[i] & ID_MASK) % m) instanceof DatasetEvent.Purchase) {
                ids.add(eventIdOf(i));
            }
        }
        return ids;
    }

    Instant firstEventTime() {
        return Instant.ofEpochMilli(eventTimeMillis(0));
    }

    Instant lastEventTime() {
        return Instant.ofEpochMilli(eventTimeMillis(order.length - 1));
    }

    @Override
    public DatasetEvent get(int i) {
        int id = (int) (order[i] & ID_MASK);
        int m = sample.size();
        int copy = id / m;
        DatasetEvent original = sample.get(id % m);
        String user = userId(eventUser[i]);
        String suffix = "~" + tag + copy;
        Instant time = Instant.ofEpochMilli(eventTimeMillis(i));
        long shiftMillis = time.toEpochMilli() - original.eventTime().toEpochMilli();
        if (original instanceof DatasetEvent.Click c) {
            ClickEvent e = copyFields(c.event(), new ClickEvent());
            e.setUserId(user);
            e.setEventId(c.event().getEventId() + suffix);
            e.setSessionId(suffixed(c.event().getSessionId(), suffix));
            e.setDeviceId(suffixed(c.event().getDeviceId(), "~" + copy));
            e.setIp(ipOfCopy(c.event().getIp(), copy));
            e.setEventTime(time);
            return new DatasetEvent.Click(e, c.lineNumber());
        }
        DatasetEvent.Purchase p = (DatasetEvent.Purchase) original;
        PurchaseEvent e = copyFields(p.event(), new PurchaseEvent());
        e.setUserId(user);
        e.setEventId(p.event().getEventId() + suffix);
        e.setOrderId(p.event().getOrderId() + suffix);
        e.setDeviceId(suffixed(p.event().getDeviceId(), "~" + copy));
        e.setIp(ipOfCopy(p.event().getIp(), copy));
        e.setEventTime(time);
        if (p.event().getAccountCreatedTime() != null) {
            e.setAccountCreatedTime(p.event().getAccountCreatedTime().plusMillis(shiftMillis));
        }
        return new DatasetEvent.Purchase(e, p.lineNumber(), p.label());
    }

    private static String suffixed(String value, String suffix) {
        return value == null ? null : value + suffix;
    }

    /**
     * Copy 0 keeps its addresses; copy {@code c} adds {@code c} times a large odd number to the
     * IPv4 address, so copies share no IP and the address stays valid. Anything else gets a suffix.
     */
    static String ipOfCopy(String ip, int copy) {
        if (ip == null || copy == 0) {
            return ip;
        }
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            return ip + "~" + copy;
        }
        long address = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                return ip + "~" + copy;
            }
            if (octet < 0 || octet > 255) {
                return ip + "~" + copy;
            }
            address = address << 8 | octet;
        }
        long moved = (address + copy * 0x9E3779B1L) & 0xFFFFFFFFL;
        return (moved >>> 24) + "." + (moved >>> 16 & 0xFF) + "." + (moved >>> 8 & 0xFF) + "." + (moved & 0xFF);
    }

    /** Every schema field of {@code from} into {@code to}, sharing nested values (as {@code DatasetEvent} does). */
    private static <T extends SpecificRecordBase> T copyFields(T from, T to) {
        for (Schema.Field field : from.getSchema().getFields()) {
            to.put(field.pos(), from.get(field.pos()));
        }
        return to;
    }
}
