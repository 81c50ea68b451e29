package io.segmenter.trainer.predict;

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

    /** Probabilities for both binary heads. */
    public static Predictions probabilities(String model, double[] purchase, double[] purchases, double[] churn) {
        return new Predictions(model, purchase, purchases, churn, true, true, "");
    }
}
