package io.segmenter.trainer;

import io.segmenter.features.FeatureVector;
import io.segmenter.model.BatchScorer;
import io.segmenter.model.ModelBundle;
import io.segmenter.model.SegmentScore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Measures a bundle's segment classifier on behaviour snapshots, the same way for {@code train}
 * (on its held-out users) and {@code evaluate} (on any data):
 * <ul>
 * <li>against the segment labels (the {@link SegmentBaseline}'s clustering, when known): macro-F1
 *     and confusion matrix of the DL4J classifier and of the naive-Bayes baseline;</li>
 * <li>the future: each predicted segment's purchase rate, orders and spend in the horizon after
 *     the cut, and the highest purchase rate over the lowest (segments of at least
 *     {@value #MIN_USERS_FOR_RATIO} users);</li>
 * <li>stability: between consecutive daily cuts, the share of users present at both whose
 *     predicted segment changed.</li>
 * </ul>
 */
public final class SegmentEvaluation {

    /**
     * The purchase-rate ratio (highest over lowest) is taken over segments of at least this many
     * evaluated users: a rate measured on a handful of users says nothing.
     */
    public static final int MIN_USERS_FOR_RATIO = 10;

    /**
     * Results.
     *
     * @param users           users evaluated at the main cuts
     * @param sources         per source: name, horizon, main cut, users evaluated
     * @param predictedSizes  users per segment as the DL4J classifier assigns them
     * @param outcomes        future behaviour by predicted segment
     * @param labels          comparison against the segment labels, when the baseline is known
     * @param stability       per daily step
     */
    public record Result(int users, List<SourceSummary> sources, int[] predictedSizes, SegmentOutcomes outcomes,
            Optional<LabelComparison> labels, List<StabilityStep> stability) {

        /** Highest purchase rate over lowest, by predicted segment, among segments of {@link #MIN_USERS_FOR_RATIO} users or more. */
        public double purchaseRateRatio() {
            return outcomes.purchaseRateRatio(MIN_USERS_FOR_RATIO);
        }

        /** Users changing segment over all daily steps, divided by users present at both ends of each step; NaN without steps. */
        public double meanDailyChangeShare() {
            long users = stability.stream().mapToLong(StabilityStep::users).sum();
            long changed = stability.stream().mapToLong(StabilityStep::changed).sum();
            return users == 0 ? Double.NaN : (double) changed / users;
        }
    }

    /** One source's part. */
    public record SourceSummary(String source, Duration horizon, Instant cut, int users) {
    }

    /**
     * Classifiers against the clustering's labels.
     *
     * @param dl4j          the bundle's classifier
     * @param naiveBayes    the baseline
     * @param majority      always the most frequent label of the evaluated users (a floor)
     * @param labelOutcomes future behaviour by label
     */
    public record LabelComparison(ConfusionMatrix dl4j, ConfusionMatrix naiveBayes, ConfusionMatrix majority,
            SegmentOutcomes labelOutcomes) {

        /** DL4J macro-F1 minus the baseline's: the target is at least 0.05. */
        public double margin() {
            return dl4j.macroF1() - naiveBayes.macroF1();
        }
    }

    /** Between two consecutive daily cuts of one source. */
    public record StabilityStep(String source, Instant from, Instant to, long users, long changed) {
        public double share() {
            return users == 0 ? Double.NaN : (double) changed / users;
        }
    }

    private SegmentEvaluation() {
    }

    /**
     * Evaluates {@code bundle} on the users of {@code sources} that {@code include} accepts.
     *
     * @param baseline the clustering and naive Bayes the bundle was trained with; empty when unknown
     */
    public static Result evaluate(ModelBundle bundle, Optional<SegmentBaseline> baseline, List<SegmentSnapshots> sources,
            Predicate<String> include) {
        BatchScorer scorer = bundle.newScorer();
        int k = bundle.segmentCount();
        List<String> users = new ArrayList<>();
        List<double[]> raw = new ArrayList<>();
        List<FutureOutcome> futures = new ArrayList<>();
        List<SourceSummary> summaries = new ArrayList<>();
        List<StabilityStep> stability = new ArrayList<>();
        for (SegmentSnapshots s : sources) {
            Snapshot main = s.main();
            int before = users.size();
            for (Map.Entry<String, FeatureVector> e : main.vectors().entrySet()) {
                if (include.test(e.getKey())) {
                    users.add(e.getKey());
                    raw.add(e.getValue().values());
                    futures.add(main.outcome(e.getKey()));
                }
            }
            summaries.add(new SourceSummary(s.source(), s.horizon(), main.cut(), users.size() - before));
            Map<String, Integer> previous = null;
            Instant previousCut = null;
            for (Snapshot snap : s.snapshots()) {
                Map<String, Integer> current = predict(scorer, snap.vectors(), include);
                if (previous != null) {
                    long both = 0;
                    long changed = 0;
                    for (Map.Entry<String, Integer> e : current.entrySet()) {
                        Integer was = previous.get(e.getKey());
                        if (was != null) {
                            both++;
                            changed += was.equals(e.getValue()) ? 0 : 1;
                        }
                    }
                    stability.add(new StabilityStep(s.source(), previousCut, snap.cut(), both, changed));
                }
                previous = current;
                previousCut = snap.cut();
            }
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("no users to evaluate segments on");
        }
        double[][] rows = raw.toArray(double[][]::new);
        int[] predicted = scorer.scoreSegments(rows).stream().mapToInt(SegmentScore::best).toArray();
        int[] sizes = new int[k];
        for (int p : predicted) {
            sizes[p]++;
        }
        SegmentOutcomes outcomes = SegmentOutcomes.of(predicted, futures, k);
        Optional<LabelComparison> labels = baseline.map(b -> compare(bundle, b, rows, predicted, futures));
        return new Result(users.size(), summaries, sizes, outcomes, labels, stability);
    }

    private static LabelComparison compare(ModelBundle bundle, SegmentBaseline baseline, double[][] rows, int[] predicted,
            List<FutureOutcome> futures) {
        int k = bundle.segmentCount();
        if (baseline.clustering().k() != k) {
            throw new IllegalArgumentException("the baseline has " + baseline.clustering().k() + " segments, the bundle " + k);
        }
        int[] labels = baseline.clustering().labels(bundle.segmentNormalizer(), rows);
        int[] nb = baseline.naiveBayes().predictAll(bundle.segmentNormalizer().transformAll(rows));
        int[] counts = new int[k];
        for (int label : labels) {
            counts[label]++;
        }
        int top = 0;
        for (int c = 1; c < k; c++) {
            top = counts[c] > counts[top] ? c : top;
        }
        int[] majority = new int[labels.length];
        Arrays.fill(majority, top);
        return new LabelComparison(ConfusionMatrix.of(labels, predicted, k), ConfusionMatrix.of(labels, nb, k),
                ConfusionMatrix.of(labels, majority, k), SegmentOutcomes.of(labels, futures, k));
    }

    private static Map<String, Integer> predict(BatchScorer scorer, Map<String, FeatureVector> vectors,
            Predicate<String> include) {
        List<String> ids = vectors.keySet().stream().filter(include).toList();
        Map<String, Integer> out = new TreeMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        double[][] rows = ids.stream().map(id -> vectors.get(id).values()).toArray(double[][]::new);
        List<SegmentScore> scores = scorer.scoreSegments(rows);
        for (int i = 0; i < ids.size(); i++) {
            out.put(ids.get(i), scores.get(i).best());
        }
        return out;
    }
}
