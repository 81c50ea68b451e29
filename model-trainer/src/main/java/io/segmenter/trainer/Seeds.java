package io.segmenter.trainer;

/**
 * Derives independent, reproducible seeds from one user-given seed, so that each consumer (a
 * restart, a value of k, a sample) gets its own random stream whatever the others draw.
 */
final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Seeds() {
    }

    /** The seed of stream {@code stream} under {@code seed} (SplitMix64 finalizer of the pair). */
    static long derive(long seed, long stream) {
        return mix64(seed + GOLDEN_GAMMA * (stream + 1));
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A uniform double in [0, 1) from the top 53 bits of {@code bits}. */
    static double unitInterval(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }
}
