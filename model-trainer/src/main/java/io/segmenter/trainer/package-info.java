/**
 * The trainer. {@link io.segmenter.trainer.Trainer} runs a training: {@link io.segmenter.trainer.SegmentSnapshots}
 * cut each behaviour source into user vectors with no look-ahead (via {@link io.segmenter.trainer.SnapshotBuilder})
 * and what each user did after the cut; {@link io.segmenter.trainer.SegmentTraining} splits by user
 * ({@link io.segmenter.trainer.UserSplit}), fits the {@link io.segmenter.model.Standardizer}, chooses k
 * ({@link io.segmenter.trainer.SegmentCountSelector}, {@link io.segmenter.trainer.KMeans}), names the
 * segments ({@link io.segmenter.trainer.SegmentNamer}) and fits the DL4J classifier and the
 * {@link io.segmenter.trainer.GaussianNaiveBayes} baseline; the fraud half is {@code io.segmenter.trainer.fraud}.
 * {@link io.segmenter.trainer.SegmentEvaluation} and {@link io.segmenter.trainer.Evaluator} measure a bundle
 * ({@link io.segmenter.trainer.Metrics}, {@link io.segmenter.trainer.SegmentOutcomes},
 * {@link io.segmenter.trainer.FraudHandRules}). Everything random takes a seed.
 */
package io.segmenter.trainer;
