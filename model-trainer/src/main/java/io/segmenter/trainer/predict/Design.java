package io.segmenter.trainer.predict;

import io.segmenter.model.PredictiveNetwork;
import java.util.List;
import java.util.function.Predicate;

/** Rows as the matrices the models fit on: features, and labels with their masks. */
public record Design(List<OutcomeRow> rows, double[][] features, PredictiveNetwork.Labels labels) {

    /**
     * The design of {@code rows}.
     *
     * @param purchaseKnown whether a row's purchase label may be used
     * @param churnKnown    whether a row's churn label may be used
     */
    public static Design of(List<OutcomeRow> rows, Predicate<OutcomeRow> purchaseKnown, Predicate<OutcomeRow> churnKnown) {
        int n = rows.size();
        double[][] x = new double[n][];
        boolean[] purchased = new boolean[n];
        double[] purchases = new double[n];
        boolean[] churned = new boolean[n];
        boolean[] purchaseMask = new boolean[n];
        boolean[] churnMask = new boolean[n];
        for (int i = 0; i < n; i++) {
            OutcomeRow r = rows.get(i);
            x[i] = r.features();
            purchaseMask[i] = purchaseKnown.test(r);
            churnMask[i] = churnKnown.test(r);
            purchased[i] = purchaseMask[i] && r.purchased();
            purchases[i] = purchaseMask[i] ? r.purchases() : 0;
            churned[i] = churnMask[i] && r.churned();
        }
        return new Design(List.copyOf(rows), x, new PredictiveNetwork.Labels(purchased, purchases, churned, purchaseMask,
                churnMask));
    }

    public int size() {
        return rows.size();
    }

    /** The rows (and labels) at {@code indices}, in that order. */
    public Design subset(int[] indices) {
        int n = indices.length;
        OutcomeRow[] r = new OutcomeRow[n];
        double[][] x = new double[n][];
        boolean[] purchased = new boolean[n];
        double[] purchases = new double[n];
        boolean[] churned = new boolean[n];
        boolean[] purchaseMask = new boolean[n];
        boolean[] churnMask = new boolean[n];
        for (int k = 0; k < n; k++) {
            int i = indices[k];
            r[k] = rows.get(i);
            x[k] = features[i];
            purchased[k] = labels.purchased()[i];
            purchases[k] = labels.purchases()[i];
            churned[k] = labels.churned()[i];
            purchaseMask[k] = labels.purchaseMask()[i];
            churnMask[k] = labels.churnMask()[i];
        }
        return new Design(List.of(r), x, new PredictiveNetwork.Labels(purchased, purchases, churned, purchaseMask,
                churnMask));
    }
}
