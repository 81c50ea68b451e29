package io.segmenter.features;

/**
 * Compact binary form of {@link NetworkCounts}, for carrying the device and IP context of a
 * purchase across the stream's repartitions: {@code u8 version = 1}, then the eight counts as
 * varints in record order. Stateless and thread-safe.
 */
public final class NetworkCountsCodec {

    public static final int FORMAT_VERSION = 1;

    private NetworkCountsCodec() {
    }

    public static byte[] encode(NetworkCounts n) {
        ByteSink out = new ByteSink(16);
        out.writeByte(FORMAT_VERSION);
        out.writeVarLong(n.deviceUsers24h());
        out.writeVarLong(n.devicePurchases24h());
        out.writeVarLong(n.deviceUsers10m());
        out.writeVarLong(n.devicePurchases10m());
        out.writeVarLong(n.ipUsers24h());
        out.writeVarLong(n.ipPurchases24h());
        out.writeVarLong(n.ipUsers10m());
        out.writeVarLong(n.ipPurchases10m());
        return out.toByteArray();
    }

    public static NetworkCounts decode(byte[] bytes) {
        ByteSource in = new ByteSource(bytes);
        int version = in.readByte();
        if (version != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported network counts format version " + version);
        }
        int[] v = new int[8];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readBoundedInt(Integer.MAX_VALUE, "count");
        }
        in.expectEnd();
        return new NetworkCounts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }
}
