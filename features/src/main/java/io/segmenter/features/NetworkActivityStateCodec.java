package io.segmenter.features;

/**
 * Compact binary form of {@link NetworkActivityState}, the value of the per-device and per-IP
 * stores. Stateless and thread-safe.
 *
 * <p>Format version 1: {@code u8 version = 1, varint n (<= 256)}, then, if n &gt; 0,
 * {@code zz firstTime}, and per entry in time order {@code varint (time - previous time)} (0 for the
 * first) and {@code fixed64 userHash}.
 */
public final class NetworkActivityStateCodec {

    public static final int FORMAT_VERSION = 1;

    private NetworkActivityStateCodec() {
    }

    public static byte[] encode(NetworkActivityState s) {
        ByteSink out = new ByteSink(2 + s.size * 10);
        out.writeByte(FORMAT_VERSION);
        out.writeVarLong(s.size);
        if (s.size > 0) {
            out.writeZigZag(s.times[0]);
            long previous = s.times[0];
            for (int i = 0; i < s.size; i++) {
                out.writeVarLong(s.times[i] - previous);
                out.writeFixed64(s.users[i]);
                previous = s.times[i];
            }
        }
        return out.toByteArray();
    }

    /**
     * The newest entry's event time of an encoded state ({@link Long#MIN_VALUE} for none), read
     * without allocating: a walk over the deltas.
     */
    public static long newestMillis(byte[] bytes) {
        ByteSource in = new ByteSource(bytes);
        int version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported network activity state format version " + version
                    + " (this build reads " + FORMAT_VERSION + ")");
        }
        int n = in.readBoundedInt(NetworkActivityState.CAPACITY, "entry count");
        if (n == 0) {
            return Long.MIN_VALUE;
        }
        long time = in.readZigZag();
        for (int i = 0; i < n; i++) {
            time += in.readVarLong();
            in.readFixed64();
        }
        return time;
    }

    public static NetworkActivityState decode(byte[] bytes) {
        ByteSource in = new ByteSource(bytes);
        int version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported network activity state format version " + version
                    + " (this build reads " + FORMAT_VERSION + ")");
        }
        int n = in.readBoundedInt(NetworkActivityState.CAPACITY, "entry count");
        NetworkActivityState s = new NetworkActivityState(n);
        if (n > 0) {
            long time = in.readZigZag();
            long first = time;
            for (int i = 0; i < n; i++) {
                long delta = in.readVarLong();
                if (delta < 0) {
                    throw in.malformed("entries out of order");
                }
                time += delta;
                s.times[i] = time;
                s.users[i] = in.readFixed64();
            }
            if (time - first >= NetworkActivityState.LONG_WINDOW.toMillis()) {
                throw in.malformed("entries span more than the long window");
            }
        }
        s.size = n;
        in.expectEnd();
        return s;
    }
}
