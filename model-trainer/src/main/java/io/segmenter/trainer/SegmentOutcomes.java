package io.segmenter.trainer;

import java.util.ArrayList;
import java.util.List;

/**
 * Do the segments separate future behaviour? Each segment's purchase rate, orders and spend in
 * the period after the snapshot, and the ratio of the highest purchase rate to the lowest.
 *
 * @param segments one row per segment, in segment order
 */
public record SegmentOutcomes(List<Row> segments) {

    public SegmentOutcomes {
        segments = List.copyOf(segments);
    }

    /**
     * One segment's future.
     *
     * @param segment      segment index
     * @param users        users of the segment
     * @param purchaseRate share of them who bought in the period (NaN for an empty segment)
     * @param meanOrders   orders per user in the period
     * @param meanSpend    spend per user in the period, currency units
     */
    public record Row(int segment, int users, double purchaseRate, double meanOrders, double meanSpend) {
    }

    /** Aggregates {@code outcomes[i]} by {@code labels[i]} in {@code 0..k-1}. */
    public static SegmentOutcomes of(int[] labels, List<FutureOutcome> outcomes, int k) {
        if (labels.length != outcomes.size()) {
            throw new IllegalArgumentException(labels.length + " labels but " + outcomes.size() + " outcomes");
        }
        int[] users = new int[k];
        long[] buyers = new long[k];
        long[] orders = new long[k];
        double[] spend = new double[k];
        for (int i = 0; i < labels.length; i++) {
            FutureOutcome o = outcomes.get(i);
            int c = labels[i];
            users[c]++;
            buyers[c] += o.purchased() ? 1 : 0;
            orders[c] += o.purchases();
            spend[c] += o.spend();
        }
        List<Row> rows = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            double n = users[c];
            rows.add(new Row(c, users[c], users[c] == 0 ? Double.NaN : buyers[c] / n,
                    users[c] == 0 ? Double.NaN : orders[c] / n, users[c] == 0 ? Double.NaN : spend[c] / n));
        }
        return new SegmentOutcomes(rows);
    }

    /**
     * Highest purchase rate over lowest, among non-empty segments: the "buys at least 3x as
     * often" check. +infinity when the lowest is 0 and the highest is not; NaN with fewer than two
     * non-empty segments or when nobody bought.
     */
    public double purchaseRateRatio() {
        return purchaseRateRatio(1);
    }

    /**
     * {@link #purchaseRateRatio()} among the segments of at least {@code minUsers} users only, so that
     * a segment of three users with no purchase does not make the ratio infinite.
     */
    public double purchaseRateRatio(int minUsers) {
        double highest = Double.NEGATIVE_INFINITY;
        double lowest = Double.POSITIVE_INFINITY;
        int nonEmpty = 0;
        for (Row r : segments) {
            if (r.users() > 0 && r.users() >= minUsers) {
                nonEmpty++;
                highest = Math.max(highest, r.purchaseRate());
                lowest = Math.min(lowest, r.purchaseRate());
            }
        }
        if (nonEmpty < 2 || highest == 0) {
            return Double.NaN;
        }
        return lowest == 0 ? Double.POSITIVE_INFINITY : highest / lowest;
    }
}
