package io.segmenter.benchmarks;

import io.segmenter.features.FeatureVector;
import io.segmenter.model.DemoBundles;
import io.segmenter.model.ModelBundle;
import io.segmenter.model.Reason;
import io.segmenter.model.ScoreExplainer;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reasons of one segment change ({@link ScoreExplainer#segmentReasons}, the default three): the
 * weighing of every feature and the sentences of the strongest, as the scoring batch builds them
 * for each user whose segment changes. Rows cycle through {@value #ROWS} generated vectors and the
 * segments of {@link DemoBundles#defaultBundle()}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class ExplainerBenchmark {

    static final int ROWS = 1024;
    static final int REASONS = 3;

    private ScoreExplainer explainer;
    private List<FeatureVector> rows;
    private int segments;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        ModelBundle bundle = DemoBundles.defaultBundle();
        explainer = bundle.explainer();
        segments = bundle.segmentCount();
        rows = DemoBundles.segmentVectors(ROWS, 7, Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Benchmark
    public List<Reason> segmentReasonsOfOneUser() {
        next = (next + 1) & (ROWS - 1);
        return explainer.segmentReasons(rows.get(next), next % segments, REASONS);
    }
}
