package io.segmenter.benchmarks;

import io.segmenter.features.FeatureExtractor;
import io.segmenter.features.FeatureVector;
import io.segmenter.features.UserFeatureState;
import io.segmenter.features.UserFeatureStateCodec;
import io.segmenter.features.dataset.BundledSample;
import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.features.dataset.DatasetReplay;
import io.segmenter.schemas.AvroTrustedPackages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * The per-event work of {@code update-user-features} on real events: decode the user's stored
 * state, apply the event, encode the state again. The bundled sample ({@code data/sample}, found
 * from the working directory) is replayed once in event-time order to record, for every event,
 * its user's encoded state just before it; each invocation then does that event's update, so
 * every call does the same work as the processor did for that event. {@link #decodeOnly} and
 * {@link #decodeEncode} split the cost (apply is the rest); {@link #decodeSegmentVector} is what
 * scoring computes per user before the model runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class FeatureUpdateBenchmark {

    private DatasetEvent[] events;
    /** Encoded state of the event's user just before the event; null for the user's first event. */
    private byte[][] before;
    /** Encoded state just after it. */
    private byte[][] after;
    private final UserFeatureState scratch = new UserFeatureState();
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        AvroTrustedPackages.trustGeneratedClasses();
        Path sample = BundledSample.find(Path.of("")).orElseThrow(() -> new IllegalStateException(
                "no data/sample under the working directory or its parents: run from the repository"));
        List<DatasetEvent> replay;
        try {
            replay = DatasetReplay.builder().addAll(BundledSample.sources(sample)).alignEnds().build().load().events();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        events = replay.toArray(new DatasetEvent[0]);
        before = new byte[events.length][];
        after = new byte[events.length][];
        Map<String, byte[]> states = new HashMap<>();
        for (int i = 0; i < events.length; i++) {
            before[i] = states.get(events[i].userId());
            after[i] = update(before[i], events[i], new UserFeatureState());
            states.put(events[i].userId(), after[i]);
        }
    }

    private static byte[] update(byte[] stored, DatasetEvent event, UserFeatureState state) {
        UserFeatureState s = state;
        if (stored != null) {
            UserFeatureStateCodec.decodeInto(stored, s);
        } else {
            s = new UserFeatureState();
        }
        if (event instanceof DatasetEvent.Click c) {
            s.apply(c.event());
        } else {
            s.apply(((DatasetEvent.Purchase) event).event());
        }
        return UserFeatureStateCodec.encode(s);
    }

    private int nextEvent() {
        next = next + 1 == events.length ? 0 : next + 1;
        return next;
    }

    /** What the processor does per event: decode, apply, encode. */
    @Benchmark
    public byte[] decodeApplyEncode() {
        int i = nextEvent();
        return update(before[i], events[i], scratch);
    }

    @Benchmark
    public UserFeatureState decodeOnly() {
        int i = nextEvent();
        UserFeatureStateCodec.decodeInto(after[i], scratch);
        return scratch;
    }

    @Benchmark
    public byte[] decodeEncode() {
        int i = nextEvent();
        UserFeatureStateCodec.decodeInto(after[i], scratch);
        return UserFeatureStateCodec.encode(scratch);
    }

    /** Decode plus the 52-feature segment vector as of the newest event: scoring's per-user input. */
    @Benchmark
    public FeatureVector decodeSegmentVector() {
        int i = nextEvent();
        UserFeatureStateCodec.decodeInto(after[i], scratch);
        return FeatureExtractor.segmentVector(scratch, Instant.ofEpochMilli(events[i].eventTime().toEpochMilli()));
    }
}
