package io.segmenter.trainer.cli;

import java.io.PrintWriter;

/** Small things the commands share. */
final class Cli {

    private Cli() {
    }

    /** DL4J repeats itself for a seed only with one native thread; say so when it is not set. */
    static void warnWithoutSingleThread(PrintWriter err) {
        if (!"1".equals(System.getenv("OMP_NUM_THREADS"))) {
            err.println("warning: OMP_NUM_THREADS is not 1: training is faster and repeatable (same seed, same bundle)"
                    + " only with OMP_NUM_THREADS=1");
            err.flush();
        }
    }
}
