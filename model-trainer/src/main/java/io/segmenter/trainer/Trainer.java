package io.segmenter.trainer;

import io.segmenter.model.ModelBundle;
import io.segmenter.model.NetworkTraining;
import io.segmenter.trainer.data.TrainingData;
import io.segmenter.trainer.fraud.FraudEvaluation;
import io.segmenter.trainer.fraud.FraudModel;
import io.segmenter.trainer.fraud.FraudReport;
import io.segmenter.trainer.fraud.FraudSample;
import io.segmenter.trainer.fraud.FraudSamples;
import io.segmenter.trainer.fraud.FraudTrainer;
import io.segmenter.trainer.fraud.FraudTrainingOptions;
import io.segmenter.trainer.predict.Backtest;
import io.segmenter.trainer.predict.OutcomeRow;
import io.segmenter.trainer.predict.PredictionEvaluation;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One training run, data to bundle: segments ({@link SegmentTraining}) on the behaviour sources,
 * the fraud model ({@link FraudTrainer}) on the purchases of every source, each source replayed on
 * its own, both split by user with the same {@link UserSplit}; then the bundle, measured on the
 * held-out users by the same code {@code evaluate} runs ({@link SegmentEvaluation},
 * {@link FraudEvaluation}).
 *
 * <p><b>Same seed, same bytes.</b> Nothing reads the wall clock or a path: the creation time is the
 * newest event time of the data, the notes name the data by file name and checksum and the options
 * by value, and the version is {@code seg-<yyyyMMdd of the creation time>-<first 8 hex digits of the
 * bundle's content checksum>}. DL4J repeats itself with one native thread ({@code OMP_NUM_THREADS=1})
 * on the same machine.
 */
public final class Trainer {

    /**
     * Settings of a run.
     *
     * @param segments          the segment half
     * @param fraud             the fraud half (its seed is replaced by the segment seed)
     * @param predictions       the predictive heads and their backtest
     * @param predictionsNeeded whether data that cannot support the prediction periods is an error (periods given)
     *                          rather than a bundle without predictive heads (default periods)
     * @param modelVersion      a version to use instead of the derived one; empty for {@code seg-...}
     */
    public record Options(SegmentTraining.Options segments, FraudTrainingOptions fraud, Backtest.Options predictions,
            boolean predictionsNeeded, Optional<String> modelVersion) {
        public Options {
            Objects.requireNonNull(segments, "segments");
            Objects.requireNonNull(fraud, "fraud");
            Objects.requireNonNull(predictions, "predictions");
            Objects.requireNonNull(modelVersion, "modelVersion");
        }

        /** Default predictions with the segment seed. */
        public Options(SegmentTraining.Options segments, FraudTrainingOptions fraud, Optional<String> modelVersion) {
            this(segments, fraud, Backtest.Options.defaults(segments.seed()), false, modelVersion);
        }

        public long seed() {
            return segments.seed();
        }

        /** What {@code train} does without options. */
        public static Options defaults(long seed) {
            return new Options(SegmentTraining.Options.defaults(seed), FraudTrainingOptions.defaults(seed), Optional.empty());
        }

        /**
         * The {@code train} options that give this run, every one by value in a fixed order (no data
         * paths, no output directory): what the bundle notes record as the command.
         */
        public String command() {
            SegmentTraining.Options s = segments;
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "--seed %d --horizon %s --history-days %d"
                    + " --min-segments %d --max-segments %d --min-segment-share %s --cluster-features %s --hidden %s"
                    + " --epochs %d --test-share %s --target-precision %s --target-fpr %s --fraud-epochs %d,%d", s.seed(),
                    s.horizon(), s.historyDays(), s.minK(), s.maxK(), s.minSegmentShare(), String.join(",", s.clusterFeatures()),
                    java.util.Arrays.stream(s.hidden()).mapToObj(Integer::toString).collect(Collectors.joining(",")),
                    s.epochs(), s.testShare(), fraud.targetPrecision(), fraud.maxFalsePositiveRate(),
                    fraud.autoencoderEpochs(), fraud.headEpochs()));
            Backtest.Options p = predictions;
            p.targets().ifPresent(t -> sb.append(" --purchase-horizon ").append(t.purchaseHorizon())
                    .append(" --churn-horizon ").append(t.churnHorizon()));
            p.testFrom().ifPresent(d -> sb.append(" --test-from ").append(d));
            sb.append(" --predictive-hidden ").append(java.util.Arrays.stream(p.network().hidden()).mapToObj(Integer::toString)
                    .collect(Collectors.joining(","))).append(" --predictive-epochs ").append(p.network().epochs())
                    .append(" --predictive-members ").append(p.network().members()).append(" --resamples ")
                    .append(p.resamples());
            modelVersion.ifPresent(v -> sb.append(" --model-version ").append(v));
            return sb.toString();
        }
    }

    /**
     * What a run produced.
     *
     * @param bundle          the model
     * @param baseline        the clustering and naive Bayes, for {@code evaluate}
     * @param segments        the segment half's parts
     * @param segmentHeldOut  the bundle on the held-out users
     * @param segmentLosses   the classifier's loss per epoch
     * @param fraud           the fraud half
     * @param fraudSamples    every purchase, split by user
     * @param fraudHeldOut    the bundle on the held-out labelled purchases, when there are both classes
     * @param predictions     the predictive heads' backtest; empty when the data cannot support the default periods
     * @param data            what was read
     * @param options         how
     * @param elapsed         wall time of training (not in the bundle)
     */
    public record Run(ModelBundle bundle, SegmentBaseline baseline, SegmentTraining.Result segments,
            SegmentEvaluation.Result segmentHeldOut, List<Double> segmentLosses, FraudModel fraud,
            FraudSamples.Split fraudSamples, Optional<FraudReport> fraudHeldOut, Optional<Backtest.Result> predictions,
            TrainingData data, Options options, Duration elapsed) {
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Trainer() {
    }

    /**
     * Trains on {@code data}.
     *
     * @throws IllegalArgumentException when the data cannot make a bundle (no behaviour source, no purchase, too few users)
     */
    public static Run train(TrainingData data, Options options, TrainingProgress progress) {
        long start = System.nanoTime();
        List<TrainingData.Source> behaviour = data.segmentSources();
        if (behaviour.isEmpty()) {
            throw new IllegalArgumentException("no behaviour data to learn segments from: every source is labelled fraud"
                    + " data; add clickstream or order history (taobao, rees46, online-retail, cdnow)");
        }
        SegmentTraining.Options so = options.segments();
        List<SegmentSnapshots> snapshots = new ArrayList<>();
        for (TrainingData.Source s : behaviour) {
            progress.stage("segments: replaying " + s.name() + " (" + s.events().size() + " events)");
            snapshots.add(SegmentSnapshots.of(s.name(), s.replayEvents(), so.horizon(), so.historyDays()));
        }
        progress.stage("segments: choosing k in [" + so.minK() + ", " + so.maxK() + "] and training the classifier");
        List<Double> losses = new ArrayList<>();
        NetworkTraining.EpochListener segmentListener = progress.epochs("segment classifier", so.epochs());
        SegmentTraining.Result segments = SegmentTraining.train(snapshots, so, (epoch, loss) -> {
            losses.add(loss);
            segmentListener.epochDone(epoch, loss);
        });
        progress.stage(String.format(Locale.ROOT, "segments: k=%d on %d training users, %d held out",
                segments.k(), segments.trainUsers().size(), segments.testUsers().size()));

        List<FraudSample> purchases = new ArrayList<>();
        for (TrainingData.Source s : data.sources()) {
            purchases.addAll(FraudSamples.from(s.events()).samples());
        }
        if (purchases.isEmpty()) {
            throw new IllegalArgumentException("the data has no purchases: a bundle needs a fraud model");
        }
        FraudSamples.Split fraudSplit = FraudSamples.of(purchases).split(so.split());
        FraudTrainingOptions fo = options.fraud().withSeed(options.seed());
        progress.stage("fraud: " + fraudSplit.train().size() + " training purchases (" + fraudSplit.train().fraudCount()
                + " labelled fraud), " + fraudSplit.test().size() + " held out");
        FraudModel fraud = FraudTrainer.train(fraudSplit.train(), fo, fraudListener(progress, fo));

        Optional<Backtest.Result> predictions = predictions(data, options, progress);

        Instant created = data.newestEventTime();
        ModelBundle.Builder builder = ModelBundle.builder()
                .modelVersion("pending")
                .createdTime(created)
                .segmentClassifier(segments.classifier(), segments.standardizer(), segments.catalogue())
                .notes(notes(data, options, segments, fraud, predictions));
        fraud.addTo(builder);
        predictions.ifPresent(p -> builder.predictiveHeads(p.heads()));
        segments.golden().forEach(builder::goldenSegmentInput);
        ModelBundle pending = builder.build();

        progress.stage("measuring on held-out users");
        SegmentBaseline provisional = new SegmentBaseline(pending.modelVersion(), pending.fileSha256(), segments.clustering(),
                segments.naiveBayes());
        Set<String> test = new HashSet<>(segments.testUsers());
        SegmentEvaluation.Result heldOut = SegmentEvaluation.evaluate(pending, Optional.of(provisional), snapshots,
                test::contains);
        Optional<FraudReport> fraudReport = hasBothClasses(fraudSplit.test())
                ? Optional.of(FraudEvaluation.evaluate(pending, fraudSplit.test())) : Optional.empty();

        builder.trainingMetrics(segmentMetrics(segments, heldOut));
        fraudReport.ifPresent(r -> builder.trainingMetrics(fraudMetrics(r)));
        predictions.ifPresent(p -> builder.trainingMetrics(predictionMetrics(p)));
        String version = options.modelVersion().orElse("seg-" + DAY.format(created) + "-"
                + pending.contentChecksum().substring(0, 8));
        ModelBundle bundle = builder.modelVersion(version).build();
        SegmentBaseline baseline = new SegmentBaseline(bundle.modelVersion(), bundle.fileSha256(), segments.clustering(),
                segments.naiveBayes());
        return new Run(bundle, baseline, segments, heldOut, List.copyOf(losses), fraud, fraudSplit, fraudReport, predictions,
                data, options, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * The predictive heads, trained and measured by {@link Backtest}. Data that cannot support the
     * default periods gives a bundle without heads (said on the progress and in the notes); data
     * that cannot support periods the user gave is an error.
     */
    static Optional<Backtest.Result> predictions(TrainingData data, Options options, TrainingProgress progress) {
        try {
            return Optional.of(Backtest.run(data, options.predictions(), progress));
        } catch (IllegalArgumentException e) {
            if (options.predictionsNeeded()) {
                throw e;
            }
            progress.stage("predictions: none in this bundle: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** The held-out prediction figures a bundle carries (DL4J on the daily cuts, logistic regression beside it). */
    static Map<String, Double> predictionMetrics(Backtest.Result r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("predictionTrainingRows", (double) r.trainingRows());
        m.put("predictionPurchaseHorizonHours", r.targets().purchaseHorizon().toMinutes() / 60.0);
        m.put("predictionChurnHorizonHours", r.targets().churnHorizon().toMinutes() / 60.0);
        r.kinds().stream().findFirst().ifPresent(k -> {
            String prefix = k.kind() == OutcomeRow.CutKind.DAILY ? "prediction" : "predictionEventCut";
            for (PredictionEvaluation.ModelFigures f : k.models()) {
                String model = switch (f.model()) {
                    case "DL4J" -> "";
                    case "logistic/Poisson regression" -> "Logistic";
                    case "naive Bayes" -> "NaiveBayes";
                    default -> null;
                };
                if (model == null) {
                    continue;
                }
                f.purchase().ifPresent(b -> {
                    m.put(prefix + "PurchaseRocAuc" + model, b.rocAuc().point());
                    b.ece().ifPresent(e -> m.put(prefix + "PurchaseCalibrationError" + model, e.point()));
                });
                f.purchases().ifPresent(c -> m.put(prefix + "OrdersRmse" + model, c.rmse().point()));
                f.churn().ifPresent(b -> m.put(prefix + "ChurnRocAuc" + model, b.rocAuc().point()));
            }
        });
        m.values().removeIf(v -> !Double.isFinite(v));
        return m;
    }

    static boolean hasBothClasses(FraudSamples samples) {
        long frauds = samples.fraudCount();
        return frauds > 0 && samples.labelledCount() > frauds;
    }

    /** The segment figures a bundle (and its release) carries; finite values only. */
    static Map<String, Double> segmentMetrics(SegmentTraining.Result segments, SegmentEvaluation.Result heldOut) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("segmentCount", (double) segments.k());
        m.put("segmentTrainUsers", (double) segments.trainUsers().size());
        m.put("segmentTestUsers", (double) segments.testUsers().size());
        m.put("segmentTrainingRows", (double) segments.trainingRows());
        m.put("segmentSilhouette", segments.selection().chosen().silhouette());
        heldOut.labels().ifPresent(l -> {
            m.put("segmentMacroF1", l.dl4j().macroF1());
            m.put("segmentBaselineMacroF1", l.naiveBayes().macroF1());
            m.put("segmentAccuracy", l.dl4j().accuracy());
            m.put("segmentBaselineAccuracy", l.naiveBayes().accuracy());
            m.put("segmentLabelPurchaseRateRatio", l.labelOutcomes().purchaseRateRatio(SegmentEvaluation.MIN_USERS_FOR_RATIO));
        });
        m.put("segmentPurchaseRateRatio", heldOut.purchaseRateRatio());
        m.put("segmentDailyChangeShare", heldOut.meanDailyChangeShare());
        m.values().removeIf(v -> !Double.isFinite(v));
        return m;
    }

    /** The held-out fraud figures a bundle carries. */
    static Map<String, Double> fraudMetrics(FraudReport r) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("fraudHeldOutPurchases", (double) r.purchases());
        m.put("fraudHeldOutFrauds", (double) r.frauds());
        m.put("fraudRocAuc", r.rocAuc());
        m.put("fraudPrAuc", r.prAuc());
        m.put("fraudPrecision", r.precision());
        m.put("fraudRecall", r.recall());
        m.put("fraudFalsePositiveRate", r.falsePositiveRate());
        m.values().removeIf(v -> !Double.isFinite(v));
        return m;
    }

    private static String notes(TrainingData data, Options options, SegmentTraining.Result segments, FraudModel fraud,
            Optional<Backtest.Result> predictions) {
        StringBuilder sb = new StringBuilder();
        sb.append("trained by model-trainer train ").append(options.command()).append('\n');
        sb.append("data:\n");
        for (TrainingData.Source s : data.sources()) {
            sb.append("  ").append(s.labelled() ? "[fraud] " : "[segments+fraud] ").append(s.describe()).append('\n');
        }
        sb.append("seed: ").append(options.seed()).append('\n');
        sb.append(String.format(Locale.ROOT, "segment count: k=%d, the best mean silhouette (%.3f) among k in [%d, %d]"
                + " whose smallest segment holds at least %.0f%% of the training users%s%n", segments.k(),
                segments.selection().chosen().silhouette(), options.segments().minK(), options.segments().maxK(),
                options.segments().minSegmentShare() * 100,
                segments.selection().noneEligible() ? " (none was large enough: the best-scoring k was taken)" : ""));
        sb.append("segments defined on: ").append(String.join(", ", segments.clustering().features())).append('\n');
        sb.append("fraud threshold: ").append(fraud.thresholdRule()).append('\n');
        predictions.ifPresentOrElse(p -> {
            sb.append("predictions: ").append(p.targets().describe()).append("; trained on the cuts before ");
            sb.append(p.sources().stream().map(src -> src.source() + " " + src.testFrom()).collect(Collectors.joining(", ")));
            sb.append(", measured after").append('\n');
            p.leftOut().forEach(l -> sb.append("predictions left out ").append(l).append('\n'));
        }, () -> sb.append("predictions: none (the data cannot support the default periods)\n"));
        sb.append("segment catalogue: ").append(segments.catalogue().stream().map(c -> c.id())
                .collect(Collectors.joining(", ")));
        return sb.toString();
    }

    /** Names the fraud trainer's two fits (autoencoder, then head) in the progress. */
    private static NetworkTraining.EpochListener fraudListener(TrainingProgress progress, FraudTrainingOptions fo) {
        NetworkTraining.EpochListener autoencoder = progress.epochs("fraud autoencoder", fo.autoencoderEpochs());
        NetworkTraining.EpochListener head = progress.epochs("fraud head", fo.headEpochs());
        int[] fits = {0};
        return (epoch, loss) -> {
            if (epoch == 1) {
                fits[0]++;
            }
            (fits[0] <= 1 ? autoencoder : head).epochDone(epoch, loss);
        };
    }
}
