/**
 * Measuring predictive scores against outcomes, with bootstrap intervals. {@link io.segmenter.trainer.eval.ProbabilityMetrics}
 * (ROC-AUC, PR-AUC, top-decile lift, Brier, ECE and its reliability table) and
 * {@link io.segmenter.trainer.eval.CountMetrics} (RMSE, MAE, totals, lift of any event) compute each figure on the
 * full sample or on a resample given as row indices, which is what {@link io.segmenter.trainer.eval.Bootstrap}
 * draws, by cluster ({@link io.segmenter.trainer.eval.Clusters}: all rows of a user together), into an
 * {@link io.segmenter.trainer.eval.Interval}. {@link io.segmenter.trainer.eval.LogisticRegression} and
 * {@link io.segmenter.trainer.eval.PoissonRegression} are the penalised GLM baselines. Everything random takes a seed.
 */
package io.segmenter.trainer.eval;
