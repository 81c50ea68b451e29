package io.segmenter.trainer;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureSpec;
import io.segmenter.features.FeatureVector;
import io.segmenter.features.ReplayEvent;
import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.features.dataset.DatasetFormat;
import io.segmenter.features.dataset.DatasetReplay;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.model.NetworkTraining;
import io.segmenter.model.Standardizer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The segment half of training for the real-data smoke tests, through the production code
 * ({@link SegmentSnapshots}, {@link SegmentTraining} with one classifier epoch: the DL4J classifier
 * is measured by {@code train} itself), then naive Bayes and a majority-class predictor against the
 * clustering's labels on the held-out users, and the future purchase rate by label over all users.
 */
final class SegmentPipeline {

    static final List<FeatureSpec> SPECS = FeatureDefinition.SEGMENT.specs();

    record Result(Snapshot snapshot, UserSplit.Parts parts, Standardizer standardizer,
            SegmentCountSelector.Selection selection, List<SegmentProfile> profiles, ConfusionMatrix naiveBayes,
            ConfusionMatrix majority, SegmentOutcomes outcomes, Duration elapsed) {

        int k() {
            return selection.k();
        }

        String report(String title) {
            StringBuilder sb = new StringBuilder();
            sb.append(title).append('\n');
            sb.append(String.format(Locale.ROOT, "cut %s, horizon %s: %d users (train %d, test %d), %d events before,"
                    + " %d in the horizon, %d new users after the cut%n", snapshot.cut(), snapshot.horizon(),
                    snapshot.vectors().size(), parts.train().size(), parts.test().size(), snapshot.eventsBefore(),
                    snapshot.eventsInHorizon(), snapshot.newUsers()));
            int constant = 0;
            for (boolean c : standardizer.constant()) {
                constant += c ? 1 : 0;
            }
            sb.append(String.format(Locale.ROOT, "features %d, constant on the training users %d%n", SPECS.size(), constant));
            sb.append("k candidates (silhouette on ").append(selection.sampleSize()).append(" training users):\n");
            for (SegmentCountSelector.Candidate c : selection.candidates()) {
                sb.append(String.format(Locale.ROOT, "  k=%d silhouette=%.3f CH=%.1f inertia=%.1f smallest=%d%s%s%n",
                        c.k(), c.silhouette(), c.calinskiHarabasz(), c.inertia(), c.smallestSegment(),
                        c.eligible() ? "" : " (ineligible)", c.k() == k() ? "  <- chosen" : ""));
            }
            sb.append("segments (training users) and their future (all users, labelled by the clustering):\n");
            for (SegmentProfile p : profiles) {
                SegmentOutcomes.Row o = outcomes.segments().get(p.segment());
                sb.append(String.format(Locale.ROOT, "  %d %-40s buy rate %.2f, orders/user %.2f | %s%n", p.segment(),
                        p.name(), o.purchaseRate(), o.meanOrders(), p.description()));
                sb.append("      z:");
                p.deviations().stream().limit(8).forEach(d -> sb.append(String.format(Locale.ROOT, " %s %+.2f", d.feature(), d.z())));
                sb.append('\n');
            }
            sb.append(String.format(Locale.ROOT, "highest / lowest future purchase rate: %.2f%n", outcomes.purchaseRateRatio()));
            sb.append(String.format(Locale.ROOT, "test users: naive Bayes macro-F1 %.3f (accuracy %.3f),"
                    + " majority class macro-F1 %.3f (accuracy %.3f)%n", naiveBayes.macroF1(), naiveBayes.accuracy(),
                    majority.macroF1(), majority.accuracy()));
            sb.append("naive Bayes confusion (rows actual): ").append(naiveBayes).append('\n');
            sb.append(String.format(Locale.ROOT, "elapsed %d ms%n", elapsed.toMillis()));
            return sb.toString();
        }
    }

    private SegmentPipeline() {
    }

    static List<ReplayEvent> load(Path file, DatasetFormat format) throws IOException {
        return DatasetReplay.sorted(DatasetSource.file(file, format)).events().stream()
                .map(DatasetEvent::toReplayEvent).toList();
    }

    static Result run(List<ReplayEvent> events, Duration horizon, int minK, int maxK, long seed) {
        long start = System.nanoTime();
        SegmentTraining.Options defaults = SegmentTraining.Options.defaults(seed);
        SegmentTraining.Options options = new SegmentTraining.Options(horizon, 0, minK, maxK, defaults.minSegmentShare(),
                defaults.testShare(), defaults.clusterFeatures(), defaults.hidden(), 1, true, seed);
        SegmentSnapshots snapshots = SegmentSnapshots.of("file", events, horizon, 0);
        SegmentTraining.Result r = SegmentTraining.train(List.of(snapshots), options, NetworkTraining.EpochListener.SILENT);

        Map<String, FeatureVector> vectors = snapshots.main().vectors();
        UserSplit.Parts parts = new UserSplit.Parts(r.trainUsers(), r.testUsers());
        double[][] testRaw = SegmentTraining.rows(vectors, r.testUsers());
        int[] testLabels = r.clustering().labels(r.standardizer(), testRaw);
        ConfusionMatrix nb = ConfusionMatrix.of(testLabels, r.naiveBayes().predictAll(r.standardizer().transformAll(testRaw)),
                r.k());
        int[] trainLabels = r.clustering().labels(r.standardizer(), SegmentTraining.rows(vectors, r.trainUsers()));
        int[] always = new int[testLabels.length];
        Arrays.fill(always, majority(trainLabels, r.k()));
        ConfusionMatrix majority = ConfusionMatrix.of(testLabels, always, r.k());

        List<String> all = snapshots.main().userIds();
        int[] allLabels = r.clustering().labels(r.standardizer(), SegmentTraining.rows(vectors, all));
        SegmentOutcomes outcomes = SegmentOutcomes.of(allLabels, all.stream().map(snapshots.main()::outcome).toList(), r.k());
        return new Result(snapshots.main(), parts, r.standardizer(), r.selection(), r.profiles(), nb, majority, outcomes,
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static int majority(int[] labels, int k) {
        int[] counts = new int[k];
        for (int label : labels) {
            counts[label]++;
        }
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (counts[c] > counts[best]) {
                best = c;
            }
        }
        return best;
    }
}
