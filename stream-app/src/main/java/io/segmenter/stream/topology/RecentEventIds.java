package io.segmenter.stream.topology;

import io.segmenter.features.Hashing;
import java.nio.ByteBuffer;

/**
 * The value of {@value SegmentationTopology#USER_EVENT_IDS_STORE}: the event ids one user sent
 * recently, as 12-byte entries (a 64-bit hash of the id, then the event time in unsigned 32-bit
 * epoch seconds). The lowest bit of each hash names the input (0 clicks, 1 purchases), so the two
 * validators share one entry per user yet expire only their own ids, each on its own partition
 * time. A collision between two ids of one user within the window is about n²/2⁶⁴: negligible.
 * Ids are pruned only when the user's entry is written again, so an entry may hold ids past the
 * window; {@link #contains(byte[], long, long)} ignores them. The entry is deleted with the
 * user's state (eviction or erasure), so it never outlives the user.
 * Immutable in use: every method returns a new array.
 */
final class RecentEventIds {

    /** Which input an id came from: its own hash space, its own expiry. */
    enum Input {
        CLICKS(0L), PURCHASES(1L);

        private final long bit;

        Input(long bit) {
            this.bit = bit;
        }
    }

    static final int ENTRY_BYTES = Long.BYTES + Integer.BYTES;

    private RecentEventIds() {
    }

    /** The tagged hash of {@code eventId} from {@code input}. */
    static long idOf(Input input, String eventId) {
        return (Hashing.hash64(eventId) & ~1L) | input.bit;
    }

    /** Whether {@code id} is among the entries of {@code value} (null: none). */
    static boolean contains(byte[] value, long id) {
        return contains(value, id, Long.MIN_VALUE);
    }

    /**
     * Whether {@code id} is among the entries of {@code value} (null: none) that {@link #expire}
     * with {@code cutoffMillis} would keep: an entry not yet pruned is no longer in the window.
     */
    static boolean contains(byte[] value, long id, long cutoffMillis) {
        if (value == null) {
            return false;
        }
        ByteBuffer in = ByteBuffer.wrap(value);
        long cutoffSeconds = cutoffSeconds(cutoffMillis);
        for (int at = 0; at + ENTRY_BYTES <= value.length; at += ENTRY_BYTES) {
            if (in.getLong(at) == id && Integer.toUnsignedLong(in.getInt(at + Long.BYTES)) >= cutoffSeconds) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code value} with {@code id} (seen at {@code eventTimeMillis}) added and the entries of the
     * same input older than {@code cutoffMillis} removed.
     */
    static byte[] add(byte[] value, long id, long eventTimeMillis, long cutoffMillis) {
        byte[] kept = expire(value, id & 1L, cutoffMillis);
        ByteBuffer out = ByteBuffer.allocate(kept.length + ENTRY_BYTES);
        out.put(kept).putLong(id).putInt((int) seconds(eventTimeMillis));
        return out.array();
    }

    /** How many ids {@code value} holds. */
    static int size(byte[] value) {
        return value == null ? 0 : value.length / ENTRY_BYTES;
    }

    /**
     * {@code value} without the entries of the input {@code inputBit} older than {@code cutoffMillis};
     * the same array when nothing expired, an empty one when nothing is left.
     */
    private static byte[] expire(byte[] value, long inputBit, long cutoffMillis) {
        if (value == null) {
            return new byte[0];
        }
        ByteBuffer in = ByteBuffer.wrap(value);
        long cutoffSeconds = cutoffSeconds(cutoffMillis);
        ByteBuffer out = ByteBuffer.allocate(value.length);
        for (int at = 0; at + ENTRY_BYTES <= value.length; at += ENTRY_BYTES) {
            long id = in.getLong(at);
            int seconds = in.getInt(at + Long.BYTES);
            if ((id & 1L) != inputBit || Integer.toUnsignedLong(seconds) >= cutoffSeconds) {
                out.putLong(id).putInt(seconds);
            }
        }
        return out.position() == value.length ? value : java.util.Arrays.copyOf(out.array(), out.position());
    }

    /** Seconds are floored when written: an entry is expired only when its whole second is before the cutoff. */
    private static long cutoffSeconds(long cutoffMillis) {
        return Math.floorDiv(cutoffMillis, 1000L) - 1;
    }

    /** Epoch seconds as an unsigned 32-bit value (1970 to 2106; the validator rejects events outside). */
    private static long seconds(long epochMillis) {
        long s = Math.floorDiv(epochMillis, 1000L);
        return Math.max(0L, Math.min(s, 0xFFFF_FFFFL));
    }
}
