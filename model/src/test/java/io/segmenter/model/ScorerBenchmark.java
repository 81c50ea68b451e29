package io.segmenter.model;

import io.segmenter.features.FeatureVector;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Single-row calls against batches of 1,024, warm, side by side in one run; prints wall-clock and
 * process-CPU microseconds per row for the segment classifier and for the fraud path (autoencoder
 * plus supervised head: two DL4J calls per batch). A command, not a test:
 *
 * <pre>
 * ./mvnw -q -o -pl model test-compile exec:java               # in Maven's JVM
 * java -Xmx2g -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -cp ... io.segmenter.model.ScorerBenchmark [rounds]
 * </pre>
 *
 * Set {@code OMP_NUM_THREADS} to pin ND4J's native threads ({@code Nd4j.getEnvironment().setMaxThreads}
 * did not take effect in 1.0.0-M2.1).
 */
public final class ScorerBenchmark {

    private static final int BATCH = 1024;
    private static final int BATCHES_PER_ROUND = 20;

    private ScorerBenchmark() {
    }

    public static void main(String[] args) {
        if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
            // must happen before ND4J loads; JavaCPP's memory accounting otherwise roughly doubles a small call
            System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
        }
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long t0 = System.nanoTime();
        ModelBundle bundle = DemoBundles.build(DemoBundles.DEFAULT_SEED);
        System.out.printf(Locale.ROOT, "demo bundle trained and validated in %.1f s (%s)%n", (System.nanoTime() - t0) / 1e9,
                bundle.modelVersion());
        BatchScorer scorer = bundle.newScorer();
        Instant asOf = Instant.parse("2026-03-01T00:00:00Z");
        List<FeatureVector> shoppers = DemoBundles.segmentVectors(BATCH, 1, asOf);
        List<FeatureVector> purchases = DemoBundles.fraudVectors(BATCH, 1, asOf);

        Consumer<FeatureVector> segmentSingle = scorer::scoreSegment;
        Consumer<FeatureVector> fraudSingle = scorer::scoreFraud;
        Runnable segmentBatch = () -> scorer.scoreSegments(shoppers);
        Runnable fraudBatch = () -> scorer.scoreFraud(purchases);

        // warm-up: JIT, ND4J workspaces, native thread pools
        for (int i = 0; i < 3; i++) {
            shoppers.forEach(segmentSingle);
            purchases.forEach(fraudSingle);
            for (int b = 0; b < BATCHES_PER_ROUND; b++) {
                segmentBatch.run();
                fraudBatch.run();
            }
        }

        List<double[]> rows = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            rows.add(new double[] {
                measure(() -> shoppers.forEach(segmentSingle), BATCH)[0],
                measure(() -> repeat(segmentBatch), BATCH * BATCHES_PER_ROUND)[0],
                measure(() -> purchases.forEach(fraudSingle), BATCH)[0],
                measure(() -> repeat(fraudBatch), BATCH * BATCHES_PER_ROUND)[0],
                measure(() -> shoppers.forEach(segmentSingle), BATCH)[1],
                measure(() -> repeat(segmentBatch), BATCH * BATCHES_PER_ROUND)[1],
                measure(() -> purchases.forEach(fraudSingle), BATCH)[1],
                measure(() -> repeat(fraudBatch), BATCH * BATCHES_PER_ROUND)[1],
            });
        }

        System.out.printf(Locale.ROOT,
                "java %s, %d processors, OMP_NUM_THREADS=%s, ND4J maxThreads=%d, maxPhysicalBytes=%s, %d rounds%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                System.getenv().getOrDefault("OMP_NUM_THREADS", "(unset)"),
                Nd4j.getEnvironment().maxThreads(),
                System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes"), rounds);
        System.out.println("µs per row (median of rounds; min in brackets)");
        System.out.println("                              single-row calls     batch of 1,024     speed-up");
        print("segment classifier  wall", rows, 0, 1);
        print("                    CPU ", rows, 4, 5);
        print("fraud (AE + head)   wall", rows, 2, 3);
        print("                    CPU ", rows, 6, 7);
    }

    private static void repeat(Runnable batch) {
        for (int b = 0; b < BATCHES_PER_ROUND; b++) {
            batch.run();
        }
    }

    /** {wall µs per row, process CPU µs per row}. */
    private static double[] measure(Runnable work, int rows) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        work.run();
        long wall = System.nanoTime() - wall0;
        long cpu = os.getProcessCpuTime() - cpu0;
        return new double[] {wall / 1e3 / rows, cpu / 1e3 / rows};
    }

    private static void print(String label, List<double[]> rows, int single, int batch) {
        double[] s = rows.stream().mapToDouble(r -> r[single]).sorted().toArray();
        double[] b = rows.stream().mapToDouble(r -> r[batch]).sorted().toArray();
        double ms = s[s.length / 2];
        double mb = b[b.length / 2];
        System.out.printf(Locale.ROOT, "%-26s %8.1f  [%7.1f]    %7.2f  [%6.2f]     %6.0fx%n", label, ms,
                Arrays.stream(s).min().orElseThrow(), mb, Arrays.stream(b).min().orElseThrow(), ms / mb);
    }
}
