/**
 * The fraud half of the trainer. {@link io.segmenter.trainer.fraud.FraudSamples} replays time-ordered
 * events through the stream's feature code into one causal FRAUD vector per purchase (with the
 * dataset's label when it has one) and splits them by user; {@link io.segmenter.trainer.fraud.FraudTrainer}
 * fits the autoencoder, its calibration, the supervised head and the threshold into a
 * {@link io.segmenter.trainer.fraud.FraudModel}, which adds itself to a
 * {@link io.segmenter.model.ModelBundle.Builder}; {@link io.segmenter.trainer.fraud.FraudEvaluation}
 * scores labelled purchases with a bundle's own scorer and reports them beside the hand rules in a
 * {@link io.segmenter.trainer.fraud.FraudReport}.
 */
package io.segmenter.trainer.fraud;
