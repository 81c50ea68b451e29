/**
 * The trainer's statistical core, plain Java: {@link io.segmenter.trainer.SnapshotBuilder} turns
 * time-ordered events into user vectors at a cut (no look-ahead) and what each user did after it;
 * {@link io.segmenter.model.Standardizer} scales them; {@link io.segmenter.trainer.SegmentCountSelector}
 * chooses k and fits {@link io.segmenter.trainer.KMeans}; {@link io.segmenter.trainer.SegmentNamer}
 * names the segments; {@link io.segmenter.trainer.GaussianNaiveBayes} is the baseline classifier;
 * {@link io.segmenter.trainer.Metrics}, {@link io.segmenter.trainer.FraudHandRules} and
 * {@link io.segmenter.trainer.SegmentOutcomes} measure. Everything random takes a seed.
 */
package io.segmenter.trainer;
