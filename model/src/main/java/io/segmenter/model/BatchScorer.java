package io.segmenter.model;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.features.FeatureVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Scores many vectors per DL4J call: the rows of a batch are standardized into one
 * {@code n x features} matrix and go through each network once (a batch above
 * {@value #MAX_ROWS_PER_CALL} rows is split into calls of that size). Measured on the 2-core
 * machine ({@code ScorerBenchmark}, {@code OMP_NUM_THREADS=1}): 70-350 µs per row with one row per
 * call, 1.1-4.5 µs per row in a batch of 1,024.
 *
 * <p><b>Not thread-safe.</b> {@code MultiLayerNetwork} is not documented as thread-safe, so each
 * scorer owns its own copies of the networks: get one per stream thread from
 * {@link ModelBundle#newScorer()} and do not share it. Scorers of the same bundle are independent.
 */
public final class BatchScorer {

    /** Largest number of rows sent to a network in one call; bounds the memory of a huge batch. */
    public static final int MAX_ROWS_PER_CALL = 4096;

    private final String modelVersion;
    private final Standardizer segmentNormalizer;
    private final Standardizer fraudNormalizer;
    private final ScoreCalibration calibration;
    private final FraudScoreSource scoreSource;
    private final MultiLayerNetwork segmentClassifier;
    private final MultiLayerNetwork autoencoder;
    private final MultiLayerNetwork fraudClassifier;
    private PredictiveHeads predictiveHeads;

    /** Takes ownership of the networks: the caller must not use them elsewhere. */
    BatchScorer(String modelVersion, Standardizer segmentNormalizer, Standardizer fraudNormalizer,
                ScoreCalibration calibration, FraudScoreSource scoreSource, MultiLayerNetwork segmentClassifier,
                MultiLayerNetwork autoencoder, MultiLayerNetwork fraudClassifier) {
        this.modelVersion = modelVersion;
        this.segmentNormalizer = segmentNormalizer;
        this.fraudNormalizer = fraudNormalizer;
        this.calibration = calibration;
        this.scoreSource = scoreSource;
        this.segmentClassifier = segmentClassifier;
        this.autoencoder = autoencoder;
        this.fraudClassifier = fraudClassifier;
    }

    /** Takes ownership of {@code heads} (null: the bundle has none); called once, by the bundle. */
    BatchScorer withPredictiveHeads(PredictiveHeads heads) {
        this.predictiveHeads = heads;
        return this;
    }

    /** Whether the bundle predicts next periods ({@link #predict}). */
    public boolean hasPredictiveHeads() {
        return predictiveHeads != null;
    }

    /**
     * The calibrated predictions of SEGMENT vectors, in input order, one network call per member
     * and at most {@link #MAX_ROWS_PER_CALL} rows; empty when the bundle has no predictive heads.
     */
    public Optional<List<PredictiveHeads.Prediction>> predict(List<FeatureVector> vectors) {
        if (predictiveHeads == null) {
            return Optional.empty();
        }
        double[][] rows = rows(vectors, FeatureDefinition.SEGMENT);
        checkRows(rows, FeatureDefinition.SEGMENT);
        List<PredictiveHeads.Prediction> out = new ArrayList<>(rows.length);
        for (int from = 0; from < rows.length; from += MAX_ROWS_PER_CALL) {
            out.addAll(predictiveHeads.predict(Arrays.copyOfRange(rows, from, Math.min(rows.length, from + MAX_ROWS_PER_CALL))));
        }
        return Optional.of(Collections.unmodifiableList(out));
    }

    /** This scorer's own predictive heads (their periods, for outputs); like the scorer, for its thread only. */
    public Optional<PredictiveHeads> predictiveHeads() {
        return Optional.ofNullable(predictiveHeads);
    }

    /** Version of the bundle this scorer came from; outputs should carry it. */
    public String modelVersion() {
        return modelVersion;
    }

    /** Segment probabilities of SEGMENT vectors, in input order. */
    public List<SegmentScore> scoreSegments(List<FeatureVector> vectors) {
        return scoreSegments(rows(vectors, FeatureDefinition.SEGMENT));
    }

    /** Segment probabilities of raw SEGMENT rows (feature units, definition order), in input order. */
    public List<SegmentScore> scoreSegments(double[][] rows) {
        checkRows(rows, FeatureDefinition.SEGMENT);
        List<SegmentScore> out = new ArrayList<>(rows.length);
        for (int from = 0; from < rows.length; from += MAX_ROWS_PER_CALL) {
            int to = Math.min(rows.length, from + MAX_ROWS_PER_CALL);
            INDArray input = input(rows, from, to, segmentNormalizer, segmentClassifier, null);
            int segments = segmentClassifier.layerSize(segmentClassifier.getnLayers() - 1);
            double[] probabilities = flat(segmentClassifier.output(input, false));
            for (int r = 0; r < to - from; r++) {
                out.add(SegmentScore.of(Arrays.copyOfRange(probabilities, r * segments, (r + 1) * segments)));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** One SEGMENT vector; a batch of one, for tests and benchmarks. Prefer batches. */
    public SegmentScore scoreSegment(FeatureVector vector) {
        return scoreSegments(List.of(vector)).get(0);
    }

    /** Anomaly scores of FRAUD vectors, in input order. */
    public List<AnomalyScore> scoreFraud(List<FeatureVector> vectors) {
        return scoreFraud(rows(vectors, FeatureDefinition.FRAUD));
    }

    /** Anomaly scores of raw FRAUD rows (feature units, definition order), in input order. */
    public List<AnomalyScore> scoreFraud(double[][] rows) {
        checkRows(rows, FeatureDefinition.FRAUD);
        int width = FeatureDefinition.FRAUD.size();
        List<AnomalyScore> out = new ArrayList<>(rows.length);
        for (int from = 0; from < rows.length; from += MAX_ROWS_PER_CALL) {
            int to = Math.min(rows.length, from + MAX_ROWS_PER_CALL);
            double[] z = new double[(to - from) * width];
            INDArray input = input(rows, from, to, fraudNormalizer, autoencoder, z);
            double[] reconstruction = flat(autoencoder.output(input, false));
            double[] supervised = null;
            int heads = 0;
            if (fraudClassifier != null) {
                heads = fraudClassifier.layerSize(fraudClassifier.getnLayers() - 1);
                supervised = flat(fraudClassifier.output(
                        input.castTo(fraudClassifier.getLayerWiseConfigurations().getDataType()), false));
            }
            for (int r = 0; r < to - from; r++) {
                double[] contributions = new double[width];
                double sum = 0;
                for (int j = 0; j < width; j++) {
                    double d = z[r * width + j] - reconstruction[r * width + j];
                    contributions[j] = d * d;
                    sum += contributions[j];
                }
                if (sum > 0) {
                    for (int j = 0; j < width; j++) {
                        contributions[j] /= sum;
                    }
                }
                double error = sum / width;
                double reconstructionScore = calibration.score(error);
                // a sigmoid head has one output, P(fraud); a softmax head two, [P(legit), P(fraud)]
                double probability = supervised == null ? Double.NaN : supervised[r * heads + heads - 1];
                double score = scoreSource == FraudScoreSource.SUPERVISED ? probability : reconstructionScore;
                out.add(new AnomalyScore(score, reconstructionScore, error, probability, contributions));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** One FRAUD vector; a batch of one, for tests and benchmarks. Prefer batches. */
    public AnomalyScore scoreFraud(FeatureVector vector) {
        return scoreFraud(List.of(vector)).get(0);
    }

    /** Reconstruction errors of raw FRAUD rows, for fitting a calibration. */
    static double[] reconstructionErrors(MultiLayerNetwork autoencoder, Standardizer normalizer, double[][] rows) {
        checkRows(rows, FeatureDefinition.FRAUD);
        int width = FeatureDefinition.FRAUD.size();
        double[] errors = new double[rows.length];
        for (int from = 0; from < rows.length; from += MAX_ROWS_PER_CALL) {
            int to = Math.min(rows.length, from + MAX_ROWS_PER_CALL);
            double[] z = new double[(to - from) * width];
            double[] reconstruction = flat(autoencoder.output(input(rows, from, to, normalizer, autoencoder, z), false));
            for (int r = 0; r < to - from; r++) {
                double sum = 0;
                for (int j = 0; j < width; j++) {
                    double d = z[r * width + j] - reconstruction[r * width + j];
                    sum += d * d;
                }
                errors[from + r] = sum / width;
            }
        }
        return errors;
    }

    /**
     * Rows {@code from..to} standardized into one matrix of the network's data type. The
     * standardized values are also left in {@code z} when given.
     */
    private static INDArray input(double[][] rows, int from, int to, Standardizer normalizer, MultiLayerNetwork net,
                                  double[] z) {
        int width = normalizer.size();
        double[] flat = z != null ? z : new double[(to - from) * width];
        standardizeRows(rows, from, to, normalizer, flat);
        long[] shape = {to - from, width};
        DataType type = net.getLayerWiseConfigurations().getDataType();
        if (type == DataType.DOUBLE) {
            return Nd4j.create(flat, shape, 'c');
        }
        float[] single = new float[flat.length];
        for (int i = 0; i < flat.length; i++) {
            single[i] = (float) flat[i];
        }
        return Nd4j.create(single, shape, 'c');
    }

    /**
     * Rows {@code from..to} standardized row-major into {@code flat}: exactly what the networks are
     * fed, and value for value what {@link Standardizer#transformAll} gave the trainer.
     */
    static void standardizeRows(double[][] rows, int from, int to, Standardizer normalizer, double[] flat) {
        int width = normalizer.size();
        for (int r = from; r < to; r++) {
            normalizer.standardize(rows[r], flat, (r - from) * width);
        }
    }

    /**
     * A network output as one row-major array, in one copy. ({@code toDoubleMatrix()} goes row by
     * row through native views and cost about 20 µs per row, more than the network itself.)
     */
    private static double[] flat(INDArray output) {
        INDArray compact = output.ordering() == 'c' && !output.isView() ? output : output.dup('c');
        double[] values = compact.data().asDouble();
        if (values.length != compact.length()) {
            return Arrays.copyOf(values, (int) compact.length());
        }
        return values;
    }

    private static double[][] rows(List<FeatureVector> vectors, FeatureDefinition kind) {
        double[][] rows = new double[vectors.size()][];
        for (int i = 0; i < rows.length; i++) {
            FeatureVector v = vectors.get(i);
            if (v.kind() != kind) {
                throw new IllegalArgumentException("vector " + i + " is " + v.kind() + ", expected " + kind);
            }
            rows[i] = v.values();
        }
        return rows;
    }

    private static void checkRows(double[][] rows, FeatureDefinition kind) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != kind.size()) {
                throw new IllegalArgumentException(
                        "row " + i + " has " + rows[i].length + " values, " + kind + " has " + kind.size());
            }
            for (int j = 0; j < rows[i].length; j++) {
                if (!Double.isFinite(rows[i][j])) {
                    throw new IllegalArgumentException("row " + i + " feature " + kind.spec(j).name() + " is " + rows[i][j]);
                }
            }
        }
    }
}
