package io.segmenter.benchmarks;

import io.segmenter.features.FeatureVector;
import io.segmenter.model.AnomalyScore;
import io.segmenter.model.BatchScorer;
import io.segmenter.model.DemoBundles;
import io.segmenter.model.SegmentScore;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The batched scorer ({@link BatchScorer} of {@link DemoBundles#defaultBundle()}): one row per
 * DL4J call against one call for {@value #BATCH} rows. Every score is per row (the batch
 * benchmarks count {@value #BATCH} operations per call), so the two compare directly. Rows are
 * {@link FeatureVector}s, as the topology passes them, so the time includes turning them into the
 * standardized input matrix.
 *
 * <p>Run with {@code OMP_NUM_THREADS=1}, as the application is (docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=0"})
public class ScorerBenchmark {

    static final int BATCH = 1024;

    private BatchScorer scorer;
    private List<FeatureVector> segmentRows;
    private List<FeatureVector> fraudRows;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        scorer = DemoBundles.defaultBundle().newScorer();
        Instant asOf = Instant.parse("2026-01-01T00:00:00Z");
        segmentRows = DemoBundles.segmentVectors(BATCH, 7, asOf);
        fraudRows = DemoBundles.fraudVectors(BATCH, 7, asOf);
    }

    @Benchmark
    public SegmentScore segmentOneRowPerCall() {
        next = (next + 1) & (BATCH - 1);
        return scorer.scoreSegment(segmentRows.get(next));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<SegmentScore> segmentBatchOf1024() {
        return scorer.scoreSegments(segmentRows);
    }

    @Benchmark
    public AnomalyScore fraudOneRowPerCall() {
        next = (next + 1) & (BATCH - 1);
        return scorer.scoreFraud(fraudRows.get(next));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<AnomalyScore> fraudBatchOf1024() {
        return scorer.scoreFraud(fraudRows);
    }
}
