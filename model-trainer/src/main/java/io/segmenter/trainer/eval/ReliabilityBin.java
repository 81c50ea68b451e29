package io.segmenter.trainer.eval;

/**
 * One bin of a reliability table: the rows whose predicted probability falls in [lower, upper) (the
 * last bin includes 1).
 *
 * @param count         rows in the bin (repeats counted)
 * @param meanPredicted mean predicted probability of those rows, NaN when empty
 * @param observedRate  share of positives among them, NaN when empty
 */
public record ReliabilityBin(double lower, double upper, long count, double meanPredicted, double observedRate) {

    /** |mean predicted - observed rate|, 0 for an empty bin. */
    public double gap() {
        return count == 0 ? 0 : Math.abs(meanPredicted - observedRate);
    }
}
