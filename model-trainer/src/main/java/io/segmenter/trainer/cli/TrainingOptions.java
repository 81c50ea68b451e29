package io.segmenter.trainer.cli;

import io.segmenter.trainer.SegmentTraining;
import io.segmenter.trainer.Trainer;
import io.segmenter.trainer.fraud.FraudTrainingOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** How to train: seed, segment and fraud settings. */
public final class TrainingOptions {

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every random choice. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--horizon", defaultValue = "P1D",
            description = "Outcome period after the snapshot (ISO-8601), at most a third of each source's span. Default: ${DEFAULT-VALUE}.")
    Duration horizon;

    @Option(names = "--history-days", defaultValue = "6",
            description = "Daily snapshots before the main one whose rows also train the classifiers. Default: ${DEFAULT-VALUE}.")
    int historyDays;

    @Option(names = "--min-segments", defaultValue = "2", description = "Fewest segments tried. Default: ${DEFAULT-VALUE}.")
    int minSegments;

    @Option(names = "--max-segments", defaultValue = "6", description = "Most segments tried. Default: ${DEFAULT-VALUE}.")
    int maxSegments;

    @Option(names = "--min-segment-share", defaultValue = "0.03",
            description = "A segment count is eligible only if its smallest segment holds this share of the training users. Default: ${DEFAULT-VALUE}.")
    double minSegmentShare;

    @Option(names = "--cluster-features", split = ",", paramLabel = "FEATURE",
            description = "SEGMENT features the segments are defined on. Default: purchase frequency and recency"
                    + " (purchase_days_30d, purchases_30d, hours_since_last_purchase, purchase_days_7d, purchases_24h).")
    List<String> clusterFeatures = new ArrayList<>();

    @Option(names = "--hidden", split = ",", paramLabel = "WIDTH", defaultValue = "64,32",
            description = "Hidden layer widths of the segment classifier. Default: ${DEFAULT-VALUE}.")
    int[] hidden;

    @Option(names = "--epochs", defaultValue = "30", description = "Segment classifier epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--test-share", defaultValue = "0.3", description = "Share of users held out. Default: ${DEFAULT-VALUE}.")
    double testShare;

    @Option(names = "--target-precision",
            description = "Fraud threshold with labels: most recall at this validation precision. Default: the fraud trainer's (0.9).")
    Double targetPrecision;

    @Option(names = "--target-fpr",
            description = "Fraud threshold without labels: flag at most this share of training purchases. Default: the fraud trainer's (0.01).")
    Double targetFpr;

    @Option(names = "--fraud-epochs", split = ",", paramLabel = "N",
            description = "Fraud autoencoder and supervised head epochs, e.g. 10,30. Default: the fraud trainer's.")
    int[] fraudEpochs;

    @Option(names = "--model-version", description = "Version to give the bundle instead of seg-<yyyyMMdd>-<checksum>.")
    String modelVersion;

    @Mixin
    PredictionOptions prediction;

    Trainer.Options resolve(CommandLine commandLine) {
        if (fraudEpochs != null && fraudEpochs.length != 2) {
            throw new ParameterException(commandLine, "--fraud-epochs takes two numbers: autoencoder,head");
        }
        List<String> features = clusterFeatures.isEmpty() ? SegmentTraining.Options.DEFAULT_CLUSTER_FEATURES : clusterFeatures;
        try {
            SegmentTraining.Options segments = new SegmentTraining.Options(horizon, historyDays, minSegments, maxSegments,
                    minSegmentShare, testShare, features, hidden, epochs, true, seed);
            FraudTrainingOptions fraud = FraudTrainingOptions.defaults(seed);
            if (targetPrecision != null) {
                fraud = fraud.withTargetPrecision(targetPrecision);
            }
            if (targetFpr != null) {
                fraud = fraud.withMaxFalsePositiveRate(targetFpr);
            }
            if (fraudEpochs != null) {
                fraud = fraud.withEpochs(fraudEpochs[0], fraudEpochs[1]);
            }
            return new Trainer.Options(segments, fraud, prediction.backtest(commandLine, seed), prediction.given(),
                    Optional.ofNullable(modelVersion));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, e.getMessage());
        }
    }

}
