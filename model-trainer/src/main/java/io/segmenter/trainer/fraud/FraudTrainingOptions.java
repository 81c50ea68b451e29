package io.segmenter.trainer.fraud;

/**
 * How {@link FraudTrainer} trains. {@link #defaults(long)} are what {@code train} uses; the
 * {@code with*} methods return changed copies.
 *
 * @param seed                   every random choice (network initialisation, the validation split,
 *                               sampling) derives from it; the same seed gives the same model on the
 *                               same machine with {@code OMP_NUM_THREADS=1}
 * @param validationShare        share of the training users held out to choose the threshold and to
 *                               measure the model, in (0, 1)
 * @param targetPrecision        with labels: the threshold is the lowest (most recall) at which the
 *                               validation precision is at least this, in (0, 1]
 * @param maxFalsePositiveRate   without a supervised head: the threshold flags at most this share of
 *                               the presumed-legitimate training purchases, in (0, 1)
 * @param autoencoderEpochs      passes over the presumed-legitimate purchases, at least 1
 * @param headEpochs             passes of the supervised head over the labelled purchases, at least 1
 * @param minLabelledFrauds      fewest fraud labels (and legitimate labels) among the training users
 *                               for a supervised head; below it the bundle scores by reconstruction
 * @param balanceClasses         whether the head sees the fraud purchases repeated until both classes
 *                               weigh about the same (class weighting by oversampling)
 */
public record FraudTrainingOptions(long seed, double validationShare, double targetPrecision,
        double maxFalsePositiveRate, int autoencoderEpochs, int headEpochs, int minLabelledFrauds,
        boolean balanceClasses) {

    public FraudTrainingOptions {
        if (!(validationShare > 0 && validationShare < 1)) {
            throw new IllegalArgumentException("validationShare must be in (0, 1): " + validationShare);
        }
        if (!(targetPrecision > 0 && targetPrecision <= 1)) {
            throw new IllegalArgumentException("targetPrecision must be in (0, 1]: " + targetPrecision);
        }
        if (!(maxFalsePositiveRate > 0 && maxFalsePositiveRate < 1)) {
            throw new IllegalArgumentException("maxFalsePositiveRate must be in (0, 1): " + maxFalsePositiveRate);
        }
        if (autoencoderEpochs < 1 || headEpochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1");
        }
        if (minLabelledFrauds < 1) {
            throw new IllegalArgumentException("minLabelledFrauds must be at least 1: " + minLabelledFrauds);
        }
    }

    /** The defaults for {@code seed}. */
    public static FraudTrainingOptions defaults(long seed) {
        return new FraudTrainingOptions(seed, 0.25, 0.90, 0.01, 10, 30, 20, false);
    }

    public FraudTrainingOptions withSeed(long newSeed) {
        return new FraudTrainingOptions(newSeed, validationShare, targetPrecision, maxFalsePositiveRate,
                autoencoderEpochs, headEpochs, minLabelledFrauds, balanceClasses);
    }

    public FraudTrainingOptions withTargetPrecision(double precision) {
        return new FraudTrainingOptions(seed, validationShare, precision, maxFalsePositiveRate, autoencoderEpochs,
                headEpochs, minLabelledFrauds, balanceClasses);
    }

    public FraudTrainingOptions withMaxFalsePositiveRate(double rate) {
        return new FraudTrainingOptions(seed, validationShare, targetPrecision, rate, autoencoderEpochs, headEpochs,
                minLabelledFrauds, balanceClasses);
    }

    public FraudTrainingOptions withEpochs(int autoencoder, int head) {
        return new FraudTrainingOptions(seed, validationShare, targetPrecision, maxFalsePositiveRate, autoencoder, head,
                minLabelledFrauds, balanceClasses);
    }

    public FraudTrainingOptions withValidationShare(double share) {
        return new FraudTrainingOptions(seed, share, targetPrecision, maxFalsePositiveRate, autoencoderEpochs,
                headEpochs, minLabelledFrauds, balanceClasses);
    }

    public FraudTrainingOptions withMinLabelledFrauds(int min) {
        return new FraudTrainingOptions(seed, validationShare, targetPrecision, maxFalsePositiveRate, autoencoderEpochs,
                headEpochs, min, balanceClasses);
    }

    public FraudTrainingOptions withBalanceClasses(boolean balance) {
        return new FraudTrainingOptions(seed, validationShare, targetPrecision, maxFalsePositiveRate, autoencoderEpochs,
                headEpochs, minLabelledFrauds, balance);
    }
}
