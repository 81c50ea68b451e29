/**
 * Measuring predictive scores against outcomes. {@link io.segmenter.trainer.eval.ProbabilityMetrics} (ROC-AUC,
 * PR-AUC, top-decile lift, Brier, ECE and its reliability table) and {@link io.segmenter.trainer.eval.CountMetrics}
 * (RMSE, MAE, totals, lift of any event) compute each figure on the full sample or on a resample given as row
 * indices.
 */
package io.segmenter.trainer.eval;
