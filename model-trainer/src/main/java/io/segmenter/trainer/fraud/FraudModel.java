package io.segmenter.trainer.fraud;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.model.FraudScoreSource;
import io.segmenter.model.ModelBundle;
import io.segmenter.model.ScoreCalibration;
import io.segmenter.model.Standardizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The fraud part of a bundle as {@link FraudTrainer} fitted it: the autoencoder with its normalizer
 * and calibration, the optional supervised head, which score the threshold applies to and the
 * threshold, what the trainer measured, and a few raw rows whose outputs the bundle pins.
 *
 * <p>The networks are handed to the bundle as they are: do not train them further after
 * {@link #addTo}.
 */
public final class FraudModel {

    private final MultiLayerNetwork autoencoder;
    private final Standardizer normalizer;
    private final ScoreCalibration calibration;
    private final MultiLayerNetwork head;
    private final FraudScoreSource scoreSource;
    private final double threshold;
    private final String thresholdRule;
    private final Map<String, Double> metrics;
    private final List<double[]> goldenInputs;

    FraudModel(MultiLayerNetwork autoencoder, Standardizer normalizer, ScoreCalibration calibration,
               MultiLayerNetwork head, FraudScoreSource scoreSource, double threshold, String thresholdRule,
               Map<String, Double> metrics, List<double[]> goldenInputs) {
        this.autoencoder = Objects.requireNonNull(autoencoder, "autoencoder");
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
        this.calibration = Objects.requireNonNull(calibration, "calibration");
        this.head = head;
        this.scoreSource = Objects.requireNonNull(scoreSource, "scoreSource");
        if (scoreSource == FraudScoreSource.SUPERVISED && head == null) {
            throw new IllegalArgumentException("a SUPERVISED threshold needs a supervised head");
        }
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1]: " + threshold);
        }
        this.threshold = threshold;
        this.thresholdRule = Objects.requireNonNull(thresholdRule, "thresholdRule");
        this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        List<double[]> golden = new ArrayList<>();
        for (double[] row : goldenInputs) {
            if (row.length != FeatureDefinition.FRAUD.size()) {
                throw new IllegalArgumentException("a golden row has " + row.length + " values");
            }
            golden.add(row.clone());
        }
        if (golden.isEmpty()) {
            throw new IllegalArgumentException("at least one golden input is required");
        }
        this.goldenInputs = List.copyOf(golden);
    }

    /**
     * Sets the bundle's fraud part on {@code builder}: anomaly model and normalizer, calibration,
     * supervised head (when there is one), threshold and score source, {@link #metrics()} as
     * training metrics and the golden inputs. The builder's segment part is left alone.
     *
     * @return {@code builder}
     */
    public ModelBundle.Builder addTo(ModelBundle.Builder builder) {
        builder.anomalyModel(autoencoder, normalizer)
                .anomalyCalibration(calibration)
                .fraudClassifier(head)
                .fraudThreshold(threshold, scoreSource)
                .trainingMetrics(metrics);
        for (double[] row : goldenInputs) {
            builder.goldenFraudInput(row);
        }
        return builder;
    }

    /**
     * What training measured, by name (all prefixed {@code fraud}): row counts, final losses, and
     * on the validation users ROC-AUC, PR-AUC, precision, recall and false-positive rate at the
     * threshold. Finite values only, in a stable order.
     */
    public Map<String, Double> metrics() {
        return metrics;
    }

    /** The threshold, compared with {@link #scoreSource()}'s score ({@code score >= threshold} flags). */
    public double threshold() {
        return threshold;
    }

    public FraudScoreSource scoreSource() {
        return scoreSource;
    }

    /** How the threshold was chosen, one sentence for reports and bundle notes. */
    public String thresholdRule() {
        return thresholdRule;
    }

    public boolean hasSupervisedHead() {
        return head != null;
    }

    public MultiLayerNetwork autoencoder() {
        return autoencoder;
    }

    public Optional<MultiLayerNetwork> supervisedHead() {
        return Optional.ofNullable(head);
    }

    public Standardizer normalizer() {
        return normalizer;
    }

    public ScoreCalibration calibration() {
        return calibration;
    }

    /** The raw FRAUD rows whose outputs the bundle pins (copies). */
    public List<double[]> goldenInputs() {
        return goldenInputs.stream().map(double[]::clone).toList();
    }

    @Override
    public String toString() {
        return "FraudModel[" + scoreSource + " >= " + threshold + ", head " + (head != null) + ", " + metrics + "]";
    }
}
