package io.segmenter.trainer.fraud;

import io.segmenter.model.NetworkTraining;
import io.segmenter.model.ScoreCalibration;
import io.segmenter.model.Standardizer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The scores the trainer needs before a bundle exists, computed as {@code BatchScorer} computes them
 * (same standardization, same float32 input, mean squared error over the standardized features).
 */
final class FraudScores {

    private FraudScores() {
    }

    /** Mean squared reconstruction error of each raw row over the standardized features. */
    static double[] reconstructionErrors(MultiLayerNetwork autoencoder, Standardizer normalizer, double[][] rows) {
        double[][] z = NetworkTraining.standardized(normalizer, rows);
        double[][] out = NetworkTraining.output(autoencoder, normalizer, rows);
        double[] errors = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            double sum = 0;
            for (int j = 0; j < z[i].length; j++) {
                double d = z[i][j] - out[i][j];
                sum += d * d;
            }
            errors[i] = sum / z[i].length;
        }
        return errors;
    }

    /** The calibrated reconstruction score of each raw row. */
    static double[] reconstructionScores(MultiLayerNetwork autoencoder, Standardizer normalizer,
                                         ScoreCalibration calibration, double[][] rows) {
        double[] errors = reconstructionErrors(autoencoder, normalizer, rows);
        double[] scores = new double[errors.length];
        for (int i = 0; i < errors.length; i++) {
            scores[i] = calibration.score(errors[i]);
        }
        return scores;
    }

    /** P(fraud) of a softmax(2) head (its second output) for each raw row. */
    static double[] supervisedProbabilities(MultiLayerNetwork head, Standardizer normalizer, double[][] rows) {
        double[][] out = NetworkTraining.output(head, normalizer, rows);
        double[] p = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            p[i] = out[i][out[i].length - 1];
        }
        return p;
    }
}
