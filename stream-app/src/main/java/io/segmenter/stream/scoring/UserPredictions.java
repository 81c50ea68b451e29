package io.segmenter.stream.scoring;

import io.segmenter.model.PredictiveHeads;
import java.time.Duration;
import java.util.Objects;

/**
 * A user's latest predictions, from the model that scored the user last: P(an order within
 * {@code purchaseHorizon}), the expected orders in it, and P(no event within {@code churnHorizon}).
 *
 * @param purchaseProbability P(at least one order in the purchase period)
 * @param expectedPurchases   expected orders in it
 * @param churnProbability    P(no event at all in the churn period)
 * @param purchaseHorizon     the purchase period
 * @param churnHorizon        the churn period
 */
public record UserPredictions(double purchaseProbability, double expectedPurchases, double churnProbability,
        Duration purchaseHorizon, Duration churnHorizon) {

    public UserPredictions {
        Objects.requireNonNull(purchaseHorizon, "purchaseHorizon");
        Objects.requireNonNull(churnHorizon, "churnHorizon");
    }

    /** One scoring's prediction with the periods of the heads that made it. */
    public static UserPredictions of(PredictiveHeads.Prediction p, PredictiveHeads heads) {
        return new UserPredictions(p.purchaseProbability(), p.expectedPurchases(), p.churnProbability(),
                heads.purchaseHorizon(), heads.churnHorizon());
    }
}
