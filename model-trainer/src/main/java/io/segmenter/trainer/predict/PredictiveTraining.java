package io.segmenter.trainer.predict;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.model.NetworkTraining;
import io.segmenter.model.IsotonicCalibration;
import io.segmenter.model.PredictiveHeads;
import io.segmenter.model.PredictiveNetwork;
import io.segmenter.model.Standardizer;
import io.segmenter.trainer.UserSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Fits the predictive network on the training rows of some users and keeps the rows of the other
 * users ({@code calibrationShare}) for calibrating its outputs: a calibration fitted on the rows
 * the network learned from would believe the network's over-confidence.
 */
public final class PredictiveTraining {

    /**
     * Settings.
     *
     * @param hidden           hidden layer sizes of the shared trunk
     * @param epochs           passes over the fitting rows, at most (early stopping on the calibration rows)
     * @param members          networks trained from different seeds whose outputs are averaged
     * @param learningRate     Adam's step
     * @param l2               weight decay
     * @param calibrationShare share of training users whose rows calibrate instead of fit
     * @param seed             weights, shuffling and the calibration users
     */
    public record Options(int[] hidden, int epochs, int members, double learningRate, double l2, double calibrationShare,
            long seed) {
        public Options {
            Objects.requireNonNull(hidden, "hidden");
            hidden = hidden.clone();
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be at least 1: " + epochs);
            }
            if (members < 1) {
                throw new IllegalArgumentException("members must be at least 1: " + members);
            }
        }

        public static Options defaults(long seed) {
            return new Options(new int[] {64, 32}, 40, 5, 2e-3, 1e-4, 0.25, seed);
        }
    }

    /**
     * What a fit produced.
     *
     * @param standardizer the inputs' standardizer, fitted on the fitting rows
     * @param networks     the ensemble's members
     * @param epochs       the epoch kept of each member
     * @param fitting      the rows it learned from
     * @param calibration  the rows of the calibration users
     */
    public record Fitted(Standardizer standardizer, List<ComputationGraph> networks, List<Integer> epochs, Design fitting,
            Design calibration) {

        /** Raw outputs, {@code [row][head]}: the members' mean. */
        public double[][] output(double[][] rows) {
            return PredictiveHeads.meanOutput(networks, standardizer, rows);
        }

        /** The shippable heads: these networks with calibrations. */
        public PredictiveHeads heads(Duration purchaseHorizon, Duration churnHorizon, IsotonicCalibration purchase,
                IsotonicCalibration purchases, IsotonicCalibration churn) {
            return new PredictiveHeads(purchaseHorizon, churnHorizon, standardizer, networks, purchase, purchases, churn);
        }
    }

    /** Epochs without a better validation loss before a member stops. */
    public static final int PATIENCE = 5;

    private PredictiveTraining() {
    }

    public static Fitted fit(Design training, Options options, NetworkTraining.EpochListener listener) {
        UserSplit calibrationUsers = new UserSplit(options.seed() ^ 0x5EED_CA1BL, options.calibrationShare());
        List<Integer> fit = new ArrayList<>();
        List<Integer> calibrate = new ArrayList<>();
        for (int i = 0; i < training.size(); i++) {
            (calibrationUsers.isTest(training.rows().get(i).userId()) ? calibrate : fit).add(i);
        }
        if (fit.isEmpty() || calibrate.isEmpty()) {
            throw new IllegalArgumentException("too few training users to both fit and calibrate: " + fit.size()
                    + " fitting rows, " + calibrate.size() + " calibration rows");
        }
        Design fitting = training.subset(fit.stream().mapToInt(Integer::intValue).toArray());
        Design calibration = training.subset(calibrate.stream().mapToInt(Integer::intValue).toArray());
        Standardizer standardizer = Standardizer.fit(FeatureDefinition.SEGMENT.specs(), fitting.features());
        List<ComputationGraph> networks = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int m = 0; m < options.members(); m++) {
            long seed = options.seed() + 7919L * m;
            ComputationGraph net = PredictiveNetwork.create(seed, FeatureDefinition.SEGMENT.size(), options.hidden(),
                    options.learningRate(), options.l2());
            kept.add(PredictiveNetwork.fit(net, standardizer, fitting.features(), fitting.labels(), calibration.features(),
                    calibration.labels(), options.epochs(), PATIENCE, seed, listener));
            networks.add(net);
        }
        return new Fitted(standardizer, List.copyOf(networks), List.copyOf(kept), fitting, calibration);
    }
}
