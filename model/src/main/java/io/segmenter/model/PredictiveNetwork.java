package io.segmenter.model;

import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * One DL4J network with three heads on a shared trunk: P(an order in the purchase period)
 * (sigmoid, cross-entropy), the expected number of orders in it (softplus, Poisson loss), and
 * P(no event in the churn period) (sigmoid, cross-entropy). A row may lack a head's label (its
 * period runs past the observed data): that head's loss is masked for the row, the others still
 * learn from it. Inputs are standardized with a {@link Standardizer} first. Outputs are raw:
 * calibration is applied by the caller.
 */
public final class PredictiveNetwork {

    /** Output names, in output order. */
    public static final String PURCHASE = "purchase";
    public static final String PURCHASES = "purchases";
    public static final String CHURN = "churn";
    public static final List<String> HEADS = List.of(PURCHASE, PURCHASES, CHURN);

    /** Rows per gradient step. */
    public static final int BATCH = 128;

    private PredictiveNetwork() {
    }

    /**
     * Labels of one training set, one entry per row; a head's label counts only where its mask is true.
     *
     * @param purchased    1 when the row's user ordered in the purchase period
     * @param purchases    orders in the purchase period
     * @param churned      1 when the row's user sent no event in the churn period
     * @param purchaseMask whether the purchase period is observed (both purchase heads)
     * @param churnMask    whether the churn period is observed
     */
    public record Labels(boolean[] purchased, double[] purchases, boolean[] churned, boolean[] purchaseMask,
            boolean[] churnMask) {
        public Labels {
            int n = purchased.length;
            if (purchases.length != n || churned.length != n || purchaseMask.length != n || churnMask.length != n) {
                throw new IllegalArgumentException("every label array needs one entry per row");
            }
        }

        public int size() {
            return purchased.length;
        }
    }

    /** A fresh network: {@code hidden} tanh layers shared by the three heads. */
    public static ComputationGraph create(long seed, int inputs, int[] hidden, double learningRate, double l2) {
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(learningRate))
                .l2(l2)
                .graphBuilder()
                .addInputs("features");
        String previous = "features";
        int in = inputs;
        for (int i = 0; i < hidden.length; i++) {
            String name = "hidden" + (i + 1);
            g.addLayer(name, new DenseLayer.Builder().nIn(in).nOut(hidden[i]).activation(Activation.TANH).build(), previous);
            previous = name;
            in = hidden[i];
        }
        g.addLayer(PURCHASE, new OutputLayer.Builder(LossFunction.XENT).nIn(in).nOut(1).activation(Activation.SIGMOID)
                .build(), previous);
        g.addLayer(PURCHASES, new OutputLayer.Builder(LossFunction.POISSON).nIn(in).nOut(1)
                .activation(Activation.SOFTPLUS).build(), previous);
        g.addLayer(CHURN, new OutputLayer.Builder(LossFunction.XENT).nIn(in).nOut(1).activation(Activation.SIGMOID)
                .build(), previous);
        g.setOutputs(PURCHASE, PURCHASES, CHURN);
        ComputationGraph net = new ComputationGraph(g.build());
        net.init();
        return net;
    }

    /**
     * Fits {@code net} on {@code rows} (raw units; standardized here), in an order shuffled per epoch
     * by {@code seed}, {@link #BATCH} rows per step, for at most {@code maxEpochs} epochs: after each
     * epoch the loss on {@code validation} is measured, and the weights of the epoch with the lowest
     * validation loss are kept (training stops {@code patience} epochs after the best one).
     *
     * @return the epoch whose weights were kept
     */
    public static int fit(ComputationGraph net, Standardizer normalizer, double[][] rows, Labels labels,
            double[][] validationRows, Labels validation, int maxEpochs, int patience, long seed,
            NetworkTraining.EpochListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (rows.length != labels.size() || validationRows.length != validation.size()) {
            throw new IllegalArgumentException("rows and labels differ in length");
        }
        if (rows.length == 0 || validationRows.length == 0) {
            throw new IllegalArgumentException("cannot fit without fitting and validation rows");
        }
        double[][] x = NetworkTraining.standardized(normalizer, rows);
        MultiDataSet held = batch(NetworkTraining.standardized(normalizer, validationRows), validation,
                identity(validationRows.length), 0, validationRows.length);
        Random random = new Random(seed);
        int[] order = identity(rows.length);
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        INDArray bestParams = net.params().dup();
        for (int epoch = 1; epoch <= maxEpochs && epoch - bestEpoch <= patience; epoch++) {
            shuffle(order, random);
            for (int from = 0; from < order.length; from += BATCH) {
                net.fit(batch(x, labels, order, from, Math.min(order.length, from + BATCH)));
            }
            double loss = net.score(held, false);
            net.clearLayerMaskArrays(); // score leaves the validation masks on the layers
            listener.epochDone(epoch, loss);
            if (loss < best) {
                best = loss;
                bestEpoch = epoch;
                bestParams = net.params().dup();
            }
        }
        net.setParams(bestParams);
        net.clearLayerMaskArrays();
        return bestEpoch;
    }

    /** Raw outputs for raw {@code rows}: {@code [row][head]} in {@link #HEADS} order, in one call. */
    public static double[][] output(ComputationGraph net, Standardizer normalizer, double[][] rows) {
        double[][] out = new double[rows.length][HEADS.size()];
        if (rows.length == 0) {
            return out;
        }
        INDArray input = Nd4j.create(NetworkTraining.standardized(normalizer, rows)).castTo(DataType.FLOAT);
        INDArray[] heads = net.output(false, input);
        for (int h = 0; h < heads.length; h++) {
            double[] values = heads[h].castTo(DataType.DOUBLE).reshape(rows.length).toDoubleVector();
            for (int i = 0; i < rows.length; i++) {
                out[i][h] = values[i];
            }
        }
        return out;
    }

    private static MultiDataSet batch(double[][] x, Labels labels, int[] order, int from, int to) {
        int n = to - from;
        double[][] features = new double[n][];
        double[][] purchased = new double[n][1];
        double[][] purchases = new double[n][1];
        double[][] churned = new double[n][1];
        double[][] purchaseMask = new double[n][1];
        double[][] churnMask = new double[n][1];
        for (int k = 0; k < n; k++) {
            int i = order[from + k];
            features[k] = x[i];
            purchased[k][0] = labels.purchased()[i] ? 1 : 0;
            purchases[k][0] = labels.purchases()[i];
            churned[k][0] = labels.churned()[i] ? 1 : 0;
            purchaseMask[k][0] = labels.purchaseMask()[i] ? 1 : 0;
            churnMask[k][0] = labels.churnMask()[i] ? 1 : 0;
        }
        INDArray pm = floats(purchaseMask);
        return new MultiDataSet(new INDArray[] {floats(features)},
                new INDArray[] {floats(purchased), floats(purchases), floats(churned)},
                null, new INDArray[] {pm, pm.dup(), floats(churnMask)});
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    private static INDArray floats(double[][] values) {
        return Nd4j.create(values).castTo(DataType.FLOAT);
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
    }
}
