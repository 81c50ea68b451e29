package io.segmenter.features;

/**
 * Reads what {@link ByteSink} wrote. Every malformed input (truncated, over-long varint) ends in an
 * {@link IllegalArgumentException} naming the offset, never in an index exception.
 */
final class ByteSource {

    private final byte[] buf;
    private int pos;

    ByteSource(byte[] buf) {
        this.buf = buf;
    }

    int readByte() {
        if (pos >= buf.length) {
            throw malformed("truncated");
        }
        return buf[pos++] & 0xFF;
    }

    long readVarLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw malformed("varint longer than 10 bytes");
    }

    long readZigZag() {
        long v = readVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    /** A varint that must lie in [0, max]. */
    int readBoundedInt(int max, String what) {
        long v = readVarLong();
        if (v < 0 || v > max) {
            throw malformed(what + " out of range: " + v);
        }
        return (int) v;
    }

    long readFixed64() {
        if (buf.length - pos < 8) {
            throw malformed("truncated");
        }
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (long) (buf[pos++] & 0xFF) << (8 * i);
        }
        return v;
    }

    void expectEnd() {
        if (pos != buf.length) {
            throw malformed((buf.length - pos) + " trailing bytes");
        }
    }

    IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("malformed feature state at byte " + pos + ": " + why);
    }
}
