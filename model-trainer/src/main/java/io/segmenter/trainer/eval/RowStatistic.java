package io.segmenter.trainer.eval;

/**
 * A figure computed on a sample given as row indices into arrays the statistic already holds. Indices
 * may repeat (a bootstrap resample); a figure that is undefined on the rows (e.g. AUC with one class)
 * is NaN.
 */
@FunctionalInterface
public interface RowStatistic {

    double on(int[] rows);
}
