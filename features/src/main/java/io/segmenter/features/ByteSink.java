package io.segmenter.features;

import java.util.Arrays;

/** A growable byte buffer with the varint writes the state codecs use. Not thread-safe. */
final class ByteSink {

    private byte[] buf;
    private int size;

    ByteSink(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    /** Unsigned LEB128; a negative value takes 10 bytes and still round-trips. */
    void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    void writeZigZag(long v) {
        writeVarLong((v << 1) ^ (v >> 63));
    }

    /** Little-endian, 8 bytes: for hashes and bitmaps, whose bits are random. */
    void writeFixed64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buf[size++] = (byte) (v >>> (8 * i));
        }
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }
}
