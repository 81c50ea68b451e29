package io.segmenter.features;

import static io.segmenter.features.UserFeatureState.NONE;

/**
 * Compact binary form of {@link UserFeatureState}, the value of the per-user store and its
 * changelog. Stateless and thread-safe.
 *
 * <p>Format version 1 (all varints are unsigned LEB128; "zz" = zig-zag; times relative to the
 * newest event time T so they stay small):
 * <pre>
 * u8     version = 1
 * varint flags: 1 has events, 2 previous session, 4 last purchase, 8 account created,
 *               16 last device, 32 last IP             (flags = 0 ends an empty state)
 * zz     T (epoch millis)
 * varint T - firstSeen, T - sessionStart
 * varint T - previousSessionEnd   (if flag 2)
 * varint T - lastPurchase         (if flag 4)
 * zz     accountCreated - T       (if flag 8)
 * varint lifetimeSpendMinor, lifetimePurchases, deviceChanges, ipChanges
 * fixed64 lastDeviceHash (if 16), lastIpHash (if 32)
 * bitmap devices (64 bits), categories (512), brands (512):
 *        varint k = bits set; if 2k &lt;= bytes of the bitmap: k gaps between set positions, else the words as fixed64
 * counts hour of day (24), day of week (7): varint mask of non-zero entries, then each non-zero value
 * tiles  for MINUTE, HOUR, DAY: varint n of non-empty retained tiles, then per tile, newest first:
 *        varint (headTile - tile), varint mask of non-zero columns, each non-zero column value
 * </pre>
 * Empty and expired tiles are not written. Decoding rejects anything malformed with an
 * {@link IllegalArgumentException}: the stream treats that as an undecodable record.
 */
public final class UserFeatureStateCodec {

    public static final int FORMAT_VERSION = 1;

    private static final int HAS_EVENTS = 1;
    private static final int HAS_PREVIOUS_SESSION = 2;
    private static final int HAS_LAST_PURCHASE = 4;
    private static final int HAS_ACCOUNT_CREATED = 8;
    private static final int HAS_LAST_DEVICE = 16;
    private static final int HAS_LAST_IP = 32;
    private static final int ALL_FLAGS = 63;

    private UserFeatureStateCodec() {
    }

    public static byte[] encode(UserFeatureState s) {
        ByteSink out = new ByteSink(256);
        out.writeByte(FORMAT_VERSION);
        if (!s.hasEvents) {
            out.writeVarLong(0);
            return out.toByteArray();
        }
        int flags = HAS_EVENTS
                | (s.previousSessionEndMillis != NONE ? HAS_PREVIOUS_SESSION : 0)
                | (s.lastPurchaseMillis != NONE ? HAS_LAST_PURCHASE : 0)
                | (s.accountCreatedMillis != NONE ? HAS_ACCOUNT_CREATED : 0)
                | (s.lastDeviceHash != 0 ? HAS_LAST_DEVICE : 0)
                | (s.lastIpHash != 0 ? HAS_LAST_IP : 0);
        long t = s.lastEventMillis;
        out.writeVarLong(flags);
        out.writeZigZag(t);
        out.writeVarLong(t - s.firstSeenMillis);
        out.writeVarLong(t - s.sessionStartMillis);
        if ((flags & HAS_PREVIOUS_SESSION) != 0) {
            out.writeVarLong(t - s.previousSessionEndMillis);
        }
        if ((flags & HAS_LAST_PURCHASE) != 0) {
            out.writeVarLong(t - s.lastPurchaseMillis);
        }
        if ((flags & HAS_ACCOUNT_CREATED) != 0) {
            out.writeZigZag(s.accountCreatedMillis - t);
        }
        out.writeVarLong(s.lifetimeSpendMinor);
        out.writeVarLong(s.lifetimePurchases);
        out.writeVarLong(s.deviceChanges);
        out.writeVarLong(s.ipChanges);
        if ((flags & HAS_LAST_DEVICE) != 0) {
            out.writeFixed64(s.lastDeviceHash);
        }
        if ((flags & HAS_LAST_IP) != 0) {
            out.writeFixed64(s.lastIpHash);
        }
        writeBitmap(out, new long[] {s.deviceBits});
        writeBitmap(out, s.categoryBits);
        writeBitmap(out, s.brandBits);
        writeCounts(out, s.hourOfDayCounts);
        writeCounts(out, s.dayOfWeekCounts);
        writeTiles(out, s.minutes, t);
        writeTiles(out, s.hours, t);
        writeTiles(out, s.days, t);
        return out.toByteArray();
    }

    public static UserFeatureState decode(byte[] bytes) {
        UserFeatureState s = new UserFeatureState();
        decodeInto(bytes, s);
        return s;
    }

    /**
     * Decodes into {@code target}, overwriting all of it: lets a processor reuse one state object
     * instead of allocating ~8 KB of arrays per event.
     */
    public static void decodeInto(byte[] bytes, UserFeatureState target) {
        target.reset();
        ByteSource in = new ByteSource(bytes);
        int version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported user feature state format version " + version
                    + " (this build reads " + FORMAT_VERSION + ")");
        }
        int flags = in.readBoundedInt(ALL_FLAGS, "flags");
        if (flags == 0) {
            in.expectEnd();
            return;
        }
        if ((flags & HAS_EVENTS) == 0) {
            throw in.malformed("flags without events");
        }
        long t = in.readZigZag();
        target.hasEvents = true;
        target.lastEventMillis = t;
        target.firstSeenMillis = t - in.readVarLong();
        target.sessionStartMillis = t - in.readVarLong();
        if ((flags & HAS_PREVIOUS_SESSION) != 0) {
            target.previousSessionEndMillis = t - in.readVarLong();
        }
        if ((flags & HAS_LAST_PURCHASE) != 0) {
            target.lastPurchaseMillis = t - in.readVarLong();
        }
        if ((flags & HAS_ACCOUNT_CREATED) != 0) {
            target.accountCreatedMillis = t + in.readZigZag();
        }
        target.lifetimeSpendMinor = in.readVarLong();
        target.lifetimePurchases = in.readVarLong();
        target.deviceChanges = in.readVarLong();
        target.ipChanges = in.readVarLong();
        if ((flags & HAS_LAST_DEVICE) != 0) {
            target.lastDeviceHash = nonZero(in, in.readFixed64());
        }
        if ((flags & HAS_LAST_IP) != 0) {
            target.lastIpHash = nonZero(in, in.readFixed64());
        }
        long[] devices = new long[1];
        readBitmap(in, devices);
        target.deviceBits = devices[0];
        readBitmap(in, target.categoryBits);
        readBitmap(in, target.brandBits);
        readCounts(in, target.hourOfDayCounts);
        readCounts(in, target.dayOfWeekCounts);
        readTiles(in, target.minutes, t);
        readTiles(in, target.hours, t);
        readTiles(in, target.days, t);
        in.expectEnd();
    }

    /**
     * The newest event time of an encoded state, read from its header without decoding the rest;
     * {@link UserFeatureState#NO_EVENTS} for a state without events. What eviction needs, at the
     * cost of a few bytes instead of a full decode.
     */
    public static long lastEventMillis(byte[] bytes) {
        ByteSource in = new ByteSource(bytes);
        int version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported user feature state format version " + version
                    + " (this build reads " + FORMAT_VERSION + ")");
        }
        int flags = in.readBoundedInt(ALL_FLAGS, "flags");
        if (flags == 0) {
            return UserFeatureState.NO_EVENTS;
        }
        if ((flags & HAS_EVENTS) == 0) {
            throw in.malformed("flags without events");
        }
        return in.readZigZag();
    }

    private static long nonZero(ByteSource in, long hash) {
        if (hash == 0) {
            throw in.malformed("zero hash");
        }
        return hash;
    }

    static void writeBitmap(ByteSink out, long[] words) {
        int k = 0;
        for (long w : words) {
            k += Long.bitCount(w);
        }
        out.writeVarLong(k);
        if (2 * k <= words.length * 8) {
            int previous = -1;
            for (int i = 0; i < words.length; i++) {
                long w = words[i];
                while (w != 0) {
                    int bit = i * 64 + Long.numberOfTrailingZeros(w);
                    out.writeVarLong(bit - previous - 1);
                    previous = bit;
                    w &= w - 1;
                }
            }
        } else {
            for (long w : words) {
                out.writeFixed64(w);
            }
        }
    }

    static void readBitmap(ByteSource in, long[] words) {
        int bits = words.length * 64;
        int k = in.readBoundedInt(bits, "bitmap cardinality");
        if (2 * k <= words.length * 8) {
            int position = -1;
            for (int j = 0; j < k; j++) {
                position += 1 + in.readBoundedInt(bits, "bitmap gap");
                if (position >= bits) {
                    throw in.malformed("bitmap position " + position + " >= " + bits);
                }
                words[position >>> 6] |= 1L << position;
            }
        } else {
            int ones = 0;
            for (int i = 0; i < words.length; i++) {
                words[i] = in.readFixed64();
                ones += Long.bitCount(words[i]);
            }
            if (ones != k) {
                throw in.malformed("bitmap cardinality " + k + " but " + ones + " bits set");
            }
        }
    }

    private static void writeCounts(ByteSink out, long[] counts) {
        long mask = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                mask |= 1L << i;
            }
        }
        out.writeVarLong(mask);
        for (long c : counts) {
            if (c != 0) {
                out.writeVarLong(c);
            }
        }
    }

    private static void readCounts(ByteSource in, long[] counts) {
        long mask = in.readVarLong();
        if ((mask >>> counts.length) != 0) {
            throw in.malformed("count mask " + Long.toHexString(mask));
        }
        for (int i = 0; i < counts.length; i++) {
            if ((mask & (1L << i)) != 0) {
                counts[i] = in.readVarLong();
            }
        }
    }

    private static void writeTiles(ByteSink out, TileRing ring, long headMillis) {
        long headTile = ring.tileOf(headMillis);
        int n = 0;
        for (int k = 0; k < ring.tiles; k++) {
            int row = ring.rowIfPresent(headTile - k, headTile);
            if (row >= 0 && !ring.rowIsZero(row)) {
                n++;
            }
        }
        out.writeVarLong(n);
        for (int k = 0; k < ring.tiles; k++) {
            int row = ring.rowIfPresent(headTile - k, headTile);
            if (row < 0 || ring.rowIsZero(row)) {
                continue;
            }
            out.writeVarLong(k);
            long mask = 0;
            for (int c = 0; c < ring.fields; c++) {
                if (ring.counters[row + c] != 0) {
                    mask |= 1L << c;
                }
            }
            out.writeVarLong(mask);
            for (int c = 0; c < ring.fields; c++) {
                if (ring.counters[row + c] != 0) {
                    out.writeVarLong(ring.counters[row + c]);
                }
            }
        }
    }

    private static void readTiles(ByteSource in, TileRing ring, long headMillis) {
        long headTile = ring.tileOf(headMillis);
        int n = in.readBoundedInt(ring.tiles, ring.level.label() + " tile count");
        int previousAge = -1;
        for (int j = 0; j < n; j++) {
            int age = in.readBoundedInt(ring.tiles - 1, ring.level.label() + " tile age");
            if (age <= previousAge) {
                throw in.malformed(ring.level.label() + " tiles out of order");
            }
            previousAge = age;
            long mask = in.readVarLong();
            if (mask == 0 || (mask >>> ring.fields) != 0) {
                throw in.malformed(ring.level.label() + " column mask " + Long.toHexString(mask));
            }
            int row = ring.rowForWrite((headTile - age) * ring.tileMillis, headMillis);
            for (int c = 0; c < ring.fields; c++) {
                if ((mask & (1L << c)) != 0) {
                    ring.counters[row + c] = in.readVarLong();
                }
            }
        }
    }
}
