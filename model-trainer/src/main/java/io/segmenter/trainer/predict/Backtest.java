package io.segmenter.trainer.predict;

import io.segmenter.model.IsotonicCalibration;
import io.segmenter.model.PredictiveHeads;
import io.segmenter.trainer.TrainingProgress;
import io.segmenter.trainer.data.TrainingData;
import io.segmenter.trainer.eval.Bootstrap;
import io.segmenter.trainer.predict.OutcomeRow.CutKind;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The predictions measured on a later period: the network and every baseline learn from the rows
 * cut before each source's test start (labels only where their period also ends before it) and are
 * measured on the rows cut from it on. Nothing that is measured was seen in training: not the
 * test period's outcomes, not its features.
 */
public final class Backtest {

    /**
     * Settings.
     *
     * @param targets   the periods; empty for the default of the data's span
     * @param testFrom  the first test day for every source; empty for each source's last 30% of cuts
     * @param network   the network's training
     * @param resamples bootstrap resamples per interval
     */
    public record Options(Optional<PredictionTargets> targets, Optional<LocalDate> testFrom,
            PredictiveTraining.Options network, int resamples) {
        public Options {
            Objects.requireNonNull(targets, "targets");
            Objects.requireNonNull(testFrom, "testFrom");
            Objects.requireNonNull(network, "network");
            if (resamples < 1) {
                throw new IllegalArgumentException("resamples must be at least 1: " + resamples);
            }
        }

        /** Default periods and test start, the default network, 1000 resamples. */
        public static Options defaults(long seed) {
            return new Options(Optional.empty(), Optional.empty(), PredictiveTraining.Options.defaults(seed), 1000);
        }
    }

    /**
     * What a backtest measured.
     *
     * @param targets      the periods
     * @param sources      per source: name, test start, training and test rows
     * @param leftOut      sources that could not support the periods, with why
     * @param trainingRows rows the models learned from (network: fitting and calibration users together)
     * @param heads        the network with its calibrations
     * @param epochsKept   per ensemble member, the epoch kept by early stopping; empty for a bundle's heads measured
     * @param rules        the best single features chosen on the training rows
     * @param kinds        results on event cuts and on daily cuts
     * @param elapsed      wall time
     */
    public record Result(PredictionTargets targets, List<SourceSummary> sources, List<String> leftOut, int trainingRows, PredictiveHeads heads,
            List<Integer> epochsKept, String rules, List<PredictionEvaluation.KindResult> kinds, Duration elapsed) {
    }

    /** One source's part in a backtest. */
    public record SourceSummary(String source, java.time.Instant firstEvent, java.time.Instant lastEvent,
            java.time.Instant testFrom, long trainingRows, long testRows, int users) {
    }

    private Backtest() {
    }

    public static Result run(TrainingData data, Options options, TrainingProgress progress) {
        long start = System.nanoTime();
        progress.stage("predictions: cutting every behaviour source and counting what followed each cut");
        PredictionData pd = PredictionData.of(data, options.targets(), options.testFrom(), options.network().seed());
        Split split = split(pd, progress);
        PredictiveTraining.Fitted fitted = PredictiveTraining.fit(split.training(), options.network(),
                progress.epochs("predictive network (validation loss)", options.network().epochs()));
        PredictiveHeads heads = calibrate(fitted, pd.targets());
        progress.stage("predictions: network trained (epochs kept " + fitted.epochs() + "), fitting the baselines");
        return measure(pd, split, heads, fitted.epochs(), options.network().seed(), options.resamples(), progress, start);
    }

    /**
     * A bundle's {@code heads} beside the baselines, on {@code data}: the baselines learn from the
     * cuts before each source's test start ({@code testFrom}, or the last 30% of daily cuts) and
     * everything is measured on the cuts from it on, as in {@link #run}; the heads keep their own
     * periods and are not retrained.
     *
     * @throws IllegalArgumentException when the data cannot support the heads' periods
     */
    public static Result measure(TrainingData data, PredictiveHeads heads, Optional<LocalDate> testFrom, int resamples,
            long seed, TrainingProgress progress) {
        long start = System.nanoTime();
        PredictionData pd = PredictionData.of(data, Optional.of(new PredictionTargets(heads.purchaseHorizon(),
                heads.churnHorizon())), testFrom, seed);
        return measure(pd, split(pd, progress), heads, List.of(), seed, resamples, progress, start);
    }

    /** Training rows (labels only where observed before the test start) and test rows. */
    private record Split(Design training, Design test) {
    }

    private static Split split(PredictionData pd, TrainingProgress progress) {
        Design training = Design.of(pd.trainingRows(), pd::trainingPurchaseKnown, pd::trainingChurnKnown);
        Design test = Design.of(pd.testRows(), r -> true, pd::testChurnKnown);
        progress.stage("predictions: " + pd.targets().describe() + "; " + training.size() + " training rows, "
                + test.size() + " test rows");
        if (!any(training.labels().churnMask())) {
            throw new IllegalArgumentException("no training row has an observed churn period of "
                    + Durations.text(pd.targets().churnHorizon()) + " before the test start: give a shorter --churn-horizon");
        }
        return new Split(training, test);
    }

    private static Result measure(PredictionData pd, Split split, PredictiveHeads heads, List<Integer> epochsKept, long seed,
            int resamples, TrainingProgress progress, long start) {
        Design training = split.training();
        Design test = split.test();
        Baselines.Fitted baselines = Baselines.fit(training);
        List<Predictions> predictions = new ArrayList<>(Predictions.ofHeads(heads, test.features()));
        predictions.addAll(baselines.predict(test));
        predictions.add(Baselines.bgNbd(pd, test));

        progress.stage("predictions: measuring " + predictions.size() + " models with " + resamples
                + " bootstrap resamples");
        Bootstrap bootstrap = new Bootstrap(seed, resamples);
        List<PredictionEvaluation.KindResult> kinds = new ArrayList<>();
        for (CutKind kind : List.of(CutKind.DAILY, CutKind.EVENT)) {
            PredictionEvaluation.evaluate(kind, test, test.labels().churnMask(), predictions, bootstrap).ifPresent(kinds::add);
        }
        List<SourceSummary> sources = new ArrayList<>();
        for (PredictionData.Part p : pd.sources()) {
            String name = p.rows().source();
            long train = training.rows().stream().filter(r -> r.source().equals(name)).count();
            long tested = test.rows().stream().filter(r -> r.source().equals(name)).count();
            sources.add(new SourceSummary(name, p.rows().firstEvent(), p.rows().lastEvent(), p.testFrom(), train, tested,
                    p.rows().timelines().size()));
        }
        return new Result(pd.targets(), sources, pd.leftOut(), training.size(), heads, epochsKept, baselines.describeRules(),
                kinds, Duration.ofNanos(System.nanoTime() - start));
    }

    /**
     * Maps from the network's raw outputs to what happened ({@link Recalibration}), fitted on the
     * calibration users' rows (the network learned its weights from other users).
     */
    static PredictiveHeads calibrate(PredictiveTraining.Fitted fitted, PredictionTargets targets) {
        Design c = fitted.calibration();
        double[][] raw = fitted.output(c.features());
        List<double[]> purchaseScores = new ArrayList<>();
        List<Boolean> purchased = new ArrayList<>();
        List<Double> orders = new ArrayList<>();
        List<double[]> churnScores = new ArrayList<>();
        List<Boolean> churned = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
            if (c.labels().purchaseMask()[i]) {
                purchaseScores.add(raw[i]);
                purchased.add(c.labels().purchased()[i]);
                orders.add(c.labels().purchases()[i]);
            }
            if (c.labels().churnMask()[i]) {
                churnScores.add(raw[i]);
                churned.add(c.labels().churned()[i]);
            }
        }
        if (purchaseScores.isEmpty() || churnScores.isEmpty()) {
            throw new IllegalArgumentException("the calibration users have no row with an observed "
                    + (purchaseScores.isEmpty() ? "purchase" : "churn") + " period: more data or shorter periods needed");
        }
        IsotonicCalibration purchase = Recalibration.platt(column(purchaseScores, 0), bools(purchased));
        IsotonicCalibration count = Recalibration.scale(column(purchaseScores, 1),
                orders.stream().mapToDouble(Double::doubleValue).toArray());
        IsotonicCalibration churn = Recalibration.platt(column(churnScores, 2), bools(churned));
        return fitted.heads(targets.purchaseHorizon(), targets.churnHorizon(), purchase, count, churn);
    }


    private static double[] column(List<double[]> rows, int h) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[h];
        }
        return out;
    }

    private static boolean[] bools(List<Boolean> values) {
        boolean[] out = new boolean[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    private static boolean any(boolean[] values) {
        for (boolean v : values) {
            if (v) {
                return true;
            }
        }
        return false;
    }
}
