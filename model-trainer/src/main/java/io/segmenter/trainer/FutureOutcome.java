package io.segmenter.trainer;

/**
 * What a user did in the period after a snapshot: the "future" a segment is meant to predict.
 *
 * @param purchases accepted orders in the period
 * @param spend     their total, in currency units (0 where the data has no prices, as Taobao)
 * @param events    accepted events of any kind in the period
 */
public record FutureOutcome(long purchases, double spend, long events) {

    public static final FutureOutcome NONE = new FutureOutcome(0, 0, 0);

    public FutureOutcome {
        if (purchases < 0 || events < purchases || !(spend >= 0)) {
            throw new IllegalArgumentException("purchases " + purchases + ", spend " + spend + ", events " + events);
        }
    }

    public boolean purchased() {
        return purchases > 0;
    }

    FutureOutcome plusEvent() {
        return new FutureOutcome(purchases, spend, events + 1);
    }

    FutureOutcome plusPurchase(double amount) {
        return new FutureOutcome(purchases + 1, spend + amount, events + 1);
    }
}
