package io.segmenter.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * What a bundle predicts about a user's next periods: the members of a {@link PredictiveNetwork}
 * ensemble (their raw outputs averaged), the standardizer of their inputs (segment vectors), and
 * one isotonic calibration per head, fitted on users the networks did not learn from. Scored in
 * one batch per call.
 *
 * @param purchaseHorizon the period the purchase heads look at
 * @param churnHorizon    the period in which "churned" means "no event"
 * @param standardizer    the inputs' standardizer
 * @param members         the networks
 * @param purchase        raw purchase output to P(an order in the purchase period)
 * @param purchases       raw count output to expected orders in the purchase period
 * @param churn           raw churn output to P(no event in the churn period)
 */
public record PredictiveHeads(Duration purchaseHorizon, Duration churnHorizon, Standardizer standardizer,
        List<ComputationGraph> members, IsotonicCalibration purchase, IsotonicCalibration purchases,
        IsotonicCalibration churn) {

    /**
     * One user's calibrated predictions.
     *
     * @param purchaseProbability P(at least one order in the purchase period)
     * @param expectedPurchases   expected orders in the purchase period
     * @param churnProbability    P(no event at all in the churn period)
     */
    public record Prediction(double purchaseProbability, double expectedPurchases, double churnProbability) {
    }

    public PredictiveHeads {
        Objects.requireNonNull(purchaseHorizon, "purchaseHorizon");
        Objects.requireNonNull(churnHorizon, "churnHorizon");
        Objects.requireNonNull(standardizer, "standardizer");
        members = List.copyOf(members);
        Objects.requireNonNull(purchase, "purchase");
        Objects.requireNonNull(purchases, "purchases");
        Objects.requireNonNull(churn, "churn");
        if (members.isEmpty()) {
            throw new IllegalArgumentException("predictive heads need at least one network");
        }
    }

    /** The members' mean raw outputs, {@code [row][head]} in {@link PredictiveNetwork#HEADS} order. */
    public double[][] raw(double[][] rows) {
        return meanOutput(members, standardizer, rows);
    }

    /** The mean raw outputs of {@code members} for raw {@code rows}. */
    public static double[][] meanOutput(List<ComputationGraph> members, Standardizer standardizer, double[][] rows) {
        double[][] sum = new double[rows.length][PredictiveNetwork.HEADS.size()];
        for (ComputationGraph net : members) {
            double[][] out = PredictiveNetwork.output(net, standardizer, rows);
            for (int i = 0; i < rows.length; i++) {
                for (int h = 0; h < out[i].length; h++) {
                    sum[i][h] += out[i][h] / members.size();
                }
            }
        }
        return sum;
    }

    /** Calibrated predictions for raw segment vectors {@code rows}. */
    public List<Prediction> predict(double[][] rows) {
        double[][] raw = raw(rows);
        List<Prediction> out = new ArrayList<>(rows.length);
        for (double[] r : raw) {
            out.add(calibrate(r));
        }
        return out;
    }

    /** One row of {@link #raw} through the calibrations. */
    public Prediction calibrate(double[] raw) {
        return new Prediction(purchase.apply(raw[0]), purchases.apply(raw[1]), churn.apply(raw[2]));
    }

    /** The same heads with their own copies of the networks, for another thread. */
    public PredictiveHeads copy() {
        return new PredictiveHeads(purchaseHorizon, churnHorizon, standardizer,
                members.stream().map(ComputationGraph::clone).toList(), purchase, purchases, churn);
    }

    /** Null when usable, else what is wrong. */
    public String problem() {
        if (purchaseHorizon.isNegative() || purchaseHorizon.isZero() || churnHorizon.isNegative() || churnHorizon.isZero()) {
            return "horizons must be positive: " + purchaseHorizon + ", " + churnHorizon;
        }
        String p = firstProblem("purchase", purchase, IsotonicCalibration.Range.PROBABILITY);
        if (p == null) {
            p = firstProblem("purchases", purchases, IsotonicCalibration.Range.NON_NEGATIVE);
        }
        if (p == null) {
            p = firstProblem("churn", churn, IsotonicCalibration.Range.PROBABILITY);
        }
        return p;
    }

    private static String firstProblem(String head, IsotonicCalibration c, IsotonicCalibration.Range expected) {
        if (c.range() != expected) {
            return "the " + head + " calibration is of range " + c.range() + ", expected " + expected;
        }
        String p = c.problem();
        return p == null ? null : "the " + head + " calibration: " + p;
    }
}
