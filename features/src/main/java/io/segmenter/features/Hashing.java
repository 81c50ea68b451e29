package io.segmenter.features;

/**
 * The one 64-bit string hash of the feature core, shared by the stream and the offline replay:
 * user ids in the per-device and per-IP state, and categories, brands, devices and IPs in the
 * per-user sketches. Stable across JVMs and releases (it is part of the stored state format).
 *
 * <p>Definition: 64-bit FNV-1a over the UTF-8 bytes of the string (an unpaired surrogate
 * becomes {@code '?'}, as in {@code String.getBytes(UTF_8)}), followed by the MurmurHash3
 * {@code fmix64} finalizer so that every output bit depends on every input bit. The UTF-8 bytes
 * are produced on the fly: no allocation.
 */
public final class Hashing {

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private Hashing() {
    }

    /** The hash of {@code s} (non-null). */
    public static long hash64(String s) {
        long h = FNV_OFFSET_BASIS;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                h = (h ^ c) * FNV_PRIME;
            } else if (c < 0x800) {
                h = (h ^ (0xC0 | (c >>> 6))) * FNV_PRIME;
                h = (h ^ (0x80 | (c & 0x3F))) * FNV_PRIME;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                h = (h ^ (0xF0 | (cp >>> 18))) * FNV_PRIME;
                h = (h ^ (0x80 | ((cp >>> 12) & 0x3F))) * FNV_PRIME;
                h = (h ^ (0x80 | ((cp >>> 6) & 0x3F))) * FNV_PRIME;
                h = (h ^ (0x80 | (cp & 0x3F))) * FNV_PRIME;
            } else {
                if (Character.isSurrogate(c)) {
                    h = (h ^ '?') * FNV_PRIME;
                } else {
                    h = (h ^ (0xE0 | (c >>> 12))) * FNV_PRIME;
                    h = (h ^ (0x80 | ((c >>> 6) & 0x3F))) * FNV_PRIME;
                    h = (h ^ (0x80 | (c & 0x3F))) * FNV_PRIME;
                }
            }
        }
        return fmix64(h);
    }

    /** {@link #hash64(String)} mapped away from 0, which the state uses as "none". */
    static long nonZeroHash64(String s) {
        long h = hash64(s);
        return h == 0 ? 1 : h;
    }

    static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
