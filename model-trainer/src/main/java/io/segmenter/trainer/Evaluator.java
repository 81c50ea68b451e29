package io.segmenter.trainer;

import io.segmenter.model.ModelBundle;
import io.segmenter.trainer.data.TrainingData;
import io.segmenter.trainer.fraud.FraudEvaluation;
import io.segmenter.trainer.fraud.FraudReport;
import io.segmenter.trainer.fraud.FraudSample;
import io.segmenter.trainer.fraud.FraudSamples;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code evaluate}: a bundle on data, through the stream's feature code. Segments on the behaviour
 * sources ({@link SegmentEvaluation}: against the labels when the {@link SegmentBaseline} is known,
 * future purchase rate per predicted segment, stability per day); fraud on the labelled purchases
 * of every source, each replayed on its own ({@link FraudEvaluation}, beside the hand rules).
 */
public final class Evaluator {

    /**
     * @param horizon     outcome period after each source's main cut (capped per source as in training)
     * @param historyDays daily cuts before the main cut, for stability
     * @param heldOutOf   when present, only the users this split holds out are evaluated
     */
    public record Options(Duration horizon, int historyDays, Optional<UserSplit> heldOutOf) {
        public Options {
            Objects.requireNonNull(horizon, "horizon");
            Objects.requireNonNull(heldOutOf, "heldOutOf");
            if (historyDays < 0) {
                throw new IllegalArgumentException("historyDays must not be negative");
            }
        }

        Predicate<String> users() {
            return heldOutOf.<Predicate<String>>map(s -> s::isTest).orElse(u -> true);
        }
    }

    /** What was measured; a part is empty when the data has nothing to measure it on. */
    public record Result(Optional<SegmentEvaluation.Result> segments, Optional<FraudReport> fraud) {
    }

    private Evaluator() {
    }

    public static Result evaluate(ModelBundle bundle, Optional<SegmentBaseline> baseline, TrainingData data, Options options) {
        baseline.ifPresent(b -> {
            if (!b.bundleSha256().equals(bundle.fileSha256())) {
                throw new IllegalArgumentException("the baseline belongs to bundle " + b.modelVersion() + " (sha256 "
                        + b.bundleSha256() + "), not to " + bundle.modelVersion() + " (sha256 " + bundle.fileSha256() + ")");
            }
        });
        List<SegmentSnapshots> snapshots = new ArrayList<>();
        for (TrainingData.Source s : data.segmentSources()) {
            snapshots.add(SegmentSnapshots.of(s.name(), s.replayEvents(), options.horizon(), options.historyDays()));
        }
        Optional<SegmentEvaluation.Result> segments = snapshots.isEmpty() ? Optional.empty()
                : Optional.of(SegmentEvaluation.evaluate(bundle, baseline, snapshots, options.users()));
        List<FraudSample> labelled = new ArrayList<>();
        for (TrainingData.Source s : data.sources()) {
            if (s.labelled()) {
                for (FraudSample f : FraudSamples.from(s.events()).samples()) {
                    if (f.hasLabel() && options.users().test(f.userId())) {
                        labelled.add(f);
                    }
                }
            }
        }
        FraudSamples fraudSamples = FraudSamples.of(labelled);
        Optional<FraudReport> fraud = Trainer.hasBothClasses(fraudSamples)
                ? Optional.of(FraudEvaluation.evaluate(bundle, fraudSamples)) : Optional.empty();
        return new Result(segments, fraud);
    }
}
