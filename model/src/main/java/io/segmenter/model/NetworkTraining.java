package io.segmenter.model;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The dense networks a bundle carries, and how they are fitted: float32, Xavier weights, tanh
 * hidden layers, Adam. Shared by the demo bundles and the trainer so that every bundle's networks
 * are built one way. Inputs are standardized with the bundle's {@link Standardizer} first.
 */
public final class NetworkTraining {

    /** Rows per gradient step. */
    public static final int DEFAULT_BATCH = 128;

    /** Called after every epoch with the epoch (from 1) and the last batch's score (loss). */
    @FunctionalInterface
    public interface EpochListener {
        void epochDone(int epoch, double loss);

        EpochListener SILENT = (epoch, loss) -> { };
    }

    private NetworkTraining() {
    }

    /** A fresh network: {@code hidden} tanh layers, then an output layer of {@code output} activation. */
    public static MultiLayerNetwork network(long seed, int inputs, int[] hidden, int outputs, Activation output,
                                            LossFunction loss, double learningRate) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(learningRate))
                .list();
        int in = inputs;
        for (int size : hidden) {
            layers.layer(new DenseLayer.Builder().nIn(in).nOut(size).activation(Activation.TANH).build());
            in = size;
        }
        layers.layer(new OutputLayer.Builder(loss).nIn(in).nOut(outputs).activation(output).build());
        MultiLayerConfiguration conf = layers.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** A softmax classifier over {@code classes} classes (cross-entropy loss). */
    public static MultiLayerNetwork classifier(long seed, int inputs, int[] hidden, int classes) {
        return network(seed, inputs, hidden, classes, Activation.SOFTMAX, LossFunction.MCXENT, 5e-3);
    }

    /** An autoencoder: reconstructs its standardized input through {@code hidden} (MSE loss). */
    public static MultiLayerNetwork autoencoder(long seed, int width, int[] hidden) {
        return network(seed, width, hidden, width, Activation.IDENTITY, LossFunction.MSE, 5e-3);
    }

    /**
     * Fits {@code net} for {@code epochs} passes over {@code rows} (raw feature units; standardized
     * here) against {@code targets}, in the rows' order, {@link #DEFAULT_BATCH} rows per step.
     */
    public static void fit(MultiLayerNetwork net, Standardizer normalizer, double[][] rows, double[][] targets,
                           int epochs, EpochListener listener) {
        INDArray features = Nd4j.create(standardized(normalizer, rows)).castTo(DataType.FLOAT);
        INDArray labels = Nd4j.create(targets).castTo(DataType.FLOAT);
        List<DataSet> batches = new DataSet(features, labels).batchBy(DEFAULT_BATCH);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            for (DataSet batch : batches) {
                net.fit(batch);
            }
            listener.epochDone(epoch, net.score());
        }
    }

    /** The network's output rows for raw {@code rows} (standardized here). */
    public static double[][] output(MultiLayerNetwork net, Standardizer normalizer, double[][] rows) {
        return net.output(Nd4j.create(standardized(normalizer, rows)).castTo(DataType.FLOAT), false).toDoubleMatrix();
    }

    /** {@code rows} through {@code normalizer}, as new arrays. */
    public static double[][] standardized(Standardizer normalizer, double[][] rows) {
        double[][] out = new double[rows.length][normalizer.size()];
        for (int i = 0; i < rows.length; i++) {
            normalizer.standardize(rows[i], out[i], 0);
        }
        return out;
    }

    /** One-hot rows for class labels {@code 0..classes-1}. */
    public static double[][] oneHot(int[] labels, int classes) {
        double[][] out = new double[labels.length][classes];
        for (int i = 0; i < labels.length; i++) {
            out[i][labels[i]] = 1;
        }
        return out;
    }
}
