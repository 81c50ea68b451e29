package io.segmenter.trainer.clv;

import java.util.Objects;

/**
 * One customer of a calibration/holdout split.
 *
 * @param customerId          the dataset's customer (user) id
 * @param calibration         the customer's history in the calibration period
 * @param holdoutTransactions transaction days in the holdout period
 */
public record CustomerHoldout(String customerId, RepeatSummary calibration, int holdoutTransactions) {

    public CustomerHoldout {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(calibration, "calibration");
        if (holdoutTransactions < 0) {
            throw new IllegalArgumentException("holdoutTransactions must be >= 0, got " + holdoutTransactions
                    + " for customer " + customerId);
        }
    }
}
