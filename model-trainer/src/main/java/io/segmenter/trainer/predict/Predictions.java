package io.segmenter.trainer.predict;

import io.segmenter.model.PredictiveHeads;
import java.util.List;
import java.util.Objects;

/**
 * One model's outputs on a set of rows; a head the model does not have is {@code null}.
 *
 * @param model         the model's name
 * @param purchase      P(an order in the purchase period), or a score that only ranks ({@link #purchaseIsProbability})
 * @param purchases     expected orders in the purchase period
 * @param churn         P(no event in the churn period), or a ranking score ({@link #churnIsProbability})
 * @param purchaseIsProbability whether {@code purchase} is a probability (else Brier and calibration do not apply)
 * @param churnIsProbability    whether {@code churn} is a probability
 * @param note          what a reader of the figures must know about this model here; empty when nothing
 */
public record Predictions(String model, double[] purchase, double[] purchases, double[] churn,
        boolean purchaseIsProbability, boolean churnIsProbability, String note) {

    public Predictions {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(note, "note");
    }

    /** The heads' calibrated and raw outputs on {@code rows}, as "DL4J" and "DL4J uncalibrated". */
    public static List<Predictions> ofHeads(PredictiveHeads heads, double[][] rows) {
        double[][] raw = heads.raw(rows);
        int n = rows.length;
        double[][] calibrated = new double[3][n];
        double[][] uncalibrated = new double[3][n];
        for (int i = 0; i < n; i++) {
            PredictiveHeads.Prediction p = heads.calibrate(raw[i]);
            calibrated[0][i] = p.purchaseProbability();
            calibrated[1][i] = p.expectedPurchases();
            calibrated[2][i] = p.churnProbability();
            for (int h = 0; h < 3; h++) {
                uncalibrated[h][i] = raw[i][h];
            }
        }
        return List.of(probabilities("DL4J", calibrated[0], calibrated[1], calibrated[2]),
                probabilities("DL4J uncalibrated", uncalibrated[0], uncalibrated[1], uncalibrated[2]));
    }

    /** Whether {@code y} holds both classes. */
    static boolean bothClasses(boolean[] y) {
        boolean pos = false;
        boolean neg = false;
        for (boolean b : y) {
            pos |= b;
            neg |= !b;
        }
        return pos && neg;
    }

    /** Probabilities for both binary heads. */
    public static Predictions probabilities(String model, double[] purchase, double[] purchases, double[] churn) {
        return new Predictions(model, purchase, purchases, churn, true, true, "");
    }
}
