package io.segmenter.trainer.clv;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Per-customer predictions of holdout transactions measured against what the customers did.
 *
 * @param customers           customers evaluated
 * @param rmse                root mean squared error of predicted vs actual transactions
 * @param mae                 mean absolute error
 * @param topDecileBuyerShare share of customers with any holdout transaction among the
 *                            ceil(customers / 10) with the highest predictions (ties: earlier row first)
 * @param baseBuyerShare      share of all customers with any holdout transaction
 * @param topDecileLift       {@code topDecileBuyerShare / baseBuyerShare}; NaN when nobody buys
 * @param totalPredicted      sum of the predictions
 * @param totalActual         sum of the actual holdout transactions
 */
public record HoldoutEvaluation(int customers, double rmse, double mae, double topDecileBuyerShare,
        double baseBuyerShare, double topDecileLift, double totalPredicted, long totalActual) {

    /**
     * Measures {@code predicted[i]}, the prediction for {@code rows.get(i)}.
     *
     * @throws IllegalArgumentException with no rows, a length mismatch, or a prediction that is
     *                                  negative or not finite
     */
    public static HoldoutEvaluation of(List<CustomerHoldout> rows, double[] predicted) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(predicted, "predicted");
        int n = rows.size();
        if (n == 0) {
            throw new IllegalArgumentException("cannot evaluate predictions for no customers");
        }
        if (predicted.length != n) {
            throw new IllegalArgumentException("need one prediction per customer: " + n + " customers, "
                    + predicted.length + " predictions");
        }
        double squared = 0;
        double absolute = 0;
        double totalPredicted = 0;
        long totalActual = 0;
        int buyers = 0;
        for (int i = 0; i < n; i++) {
            double p = predicted[i];
            if (!(p >= 0) || Double.isInfinite(p)) {
                throw new IllegalArgumentException("prediction " + i + " (customer " + rows.get(i).customerId()
                        + ") must be finite and >= 0, got " + p);
            }
            int actual = rows.get(i).holdoutTransactions();
            squared += (p - actual) * (p - actual);
            absolute += Math.abs(p - actual);
            totalPredicted += p;
            totalActual += actual;
            buyers += actual > 0 ? 1 : 0;
        }
        int top = (n + 9) / 10;
        long topBuyers = IntStream.range(0, n).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> predicted[i]).reversed()
                        .thenComparingInt(i -> i))
                .limit(top)
                .filter(i -> rows.get(i).holdoutTransactions() > 0)
                .count();
        double topShare = (double) topBuyers / top;
        double baseShare = (double) buyers / n;
        double lift = buyers == 0 ? Double.NaN : topShare / baseShare;
        return new HoldoutEvaluation(n, Math.sqrt(squared / n), absolute / n, topShare, baseShare, lift,
                totalPredicted, totalActual);
    }
}
