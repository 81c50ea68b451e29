package io.segmenter.trainer.fraud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.segmenter.features.dataset.BundledSample;
import io.segmenter.features.dataset.DatasetFormat;
import io.segmenter.features.dataset.DatasetReplay;
import io.segmenter.features.dataset.DatasetSource;
import io.segmenter.model.AnomalyScore;
import io.segmenter.model.BundleValidator;
import io.segmenter.model.FraudScoreSource;
import io.segmenter.model.ModelBundle;
import io.segmenter.model.NetworkTraining;
import io.segmenter.trainer.UserSplit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The trainer on the bundled Fraud_Data sample (4,000 labelled first purchases), with few epochs. */
class FraudTrainerTest {

    private static final long SEED = 20_240_304L;
    private static final FraudTrainingOptions QUICK = FraudTrainingOptions.defaults(SEED).withEpochs(3, 6);

    private static FraudSamples.Split split;

    @BeforeAll
    static void replayTheBundledSample() throws IOException {
        split = bundledFraudSample().split(new UserSplit(SEED, 0.25));
    }

    /** The bundled sample's Fraud_Data file replayed on its own. */
    static FraudSamples bundledFraudSample() throws IOException {
        Path dir = BundledSample.find(Path.of("")).orElseThrow();
        DatasetSource source = BundledSample.sources(dir).stream()
                .filter(s -> s.format() == DatasetFormat.FRAUD_DATA).findFirst().orElseThrow();
        return FraudSamples.from(DatasetReplay.sorted(source).events());
    }

    @Test
    void theSameSeedGivesTheSameModelAndBundle() {
        List<Double> losses = new ArrayList<>();
        FraudModel first = FraudTrainer.train(split.train(), QUICK, (epoch, loss) -> losses.add(loss));
        FraudModel second = FraudTrainer.train(split.train(), QUICK, NetworkTraining.EpochListener.SILENT);
        FraudModel otherSeed = FraudTrainer.train(split.train(), QUICK.withSeed(SEED + 1),
                NetworkTraining.EpochListener.SILENT);

        assertThat(losses).hasSize(3 + 6).allMatch(Double::isFinite);
        assertThat(second.autoencoder().params()).isEqualTo(first.autoencoder().params());
        assertThat(second.supervisedHead().orElseThrow().params())
                .isEqualTo(first.supervisedHead().orElseThrow().params());
        assertThat(second.normalizer()).isEqualTo(first.normalizer());
        assertThat(second.calibration()).isEqualTo(first.calibration());
        assertThat(second.threshold()).isEqualTo(first.threshold());
        assertThat(second.metrics()).isEqualTo(first.metrics());
        assertThat(FraudBundles.bundle(second).toBytes()).isEqualTo(FraudBundles.bundle(first).toBytes());
        assertThat(otherSeed.supervisedHead().orElseThrow().params())
                .isNotEqualTo(first.supervisedHead().orElseThrow().params());
    }

    @Test
    void aBundleWithTheModelPassesTheStreamsValidationAndServesTheEvaluatedScores() throws Exception {
        FraudModel model = FraudTrainer.train(split.train(), QUICK, NetworkTraining.EpochListener.SILENT);
        ModelBundle built = FraudBundles.bundle(model);

        ModelBundle loaded = BundleValidator.forRunningDefinition().load(built.toBytes());
        FraudReport report = FraudEvaluation.evaluate(built, split.test());
        List<AnomalyScore> served = loaded.newScorer().scoreFraud(split.test().labelled().vectors());

        assertThat(loaded.fraudScoreSource()).isEqualTo(FraudScoreSource.SUPERVISED);
        assertThat(loaded.hasSupervisedFraudHead()).isTrue();
        assertThat(loaded.fraudThreshold()).isEqualTo(model.threshold());
        assertThat(loaded.trainingMetrics()).containsAllEntriesOf(model.metrics());
        assertThat(served.stream().mapToDouble(AnomalyScore::score).toArray()).containsExactly(report.scores());
        assertThat(loaded.manifest().golden().fraud()).hasSize(model.goldenInputs().size());
    }

    @Test
    void withoutLabelsScoresByReconstructionAndFlagsAboutTheTargetShareOfTraining() {
        FraudSamples unlabelled = FraudSamples.of(split.train().samples().stream()
                .map(s -> new FraudSample(s.userId(), s.orderId(), s.eventTime(), s.vector(), OptionalInt.empty()))
                .toList());
        FraudTrainingOptions options = QUICK.withMaxFalsePositiveRate(0.02);

        FraudModel model = FraudTrainer.train(unlabelled, options, NetworkTraining.EpochListener.SILENT);
        ModelBundle bundle = FraudBundles.bundle(model);
        long flagged = bundle.newScorer().scoreFraud(unlabelled.vectors()).stream()
                .filter(s -> s.atOrAbove(bundle.fraudThreshold())).count();

        assertThat(model.hasSupervisedHead()).isFalse();
        assertThat(model.scoreSource()).isEqualTo(FraudScoreSource.RECONSTRUCTION);
        assertThat(model.thresholdRule()).contains("reconstruction score");
        // the networks compute in float32 on both sides, so the share matches up to a row or two
        assertThat((double) flagged / unlabelled.size()).isCloseTo(0.02, within(0.002));
    }

    @Test
    void balancingRepeatsEachFraudUntilTheClassesWeighAboutTheSame() {
        double[][] rows = new double[10][];
        int[] labels = {0, 0, 0, 0, 1, 0, 0, 0, 1, 0};
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {i};
        }

        FraudTrainer.Balanced balanced = FraudTrainer.balance(rows, labels, true, 1);
        FraudTrainer.Balanced shuffledOnly = FraudTrainer.balance(rows, labels, false, 1);

        // 8 legitimate, 2 fraud: each fraud 4 times
        assertThat(balanced.rows().length).isEqualTo(16);
        assertThat(Arrays.stream(balanced.labels()).sum()).isEqualTo(8);
        for (int i = 0; i < balanced.rows().length; i++) {
            assertThat(balanced.labels()[i]).isEqualTo(labels[(int) balanced.rows()[i][0]]);
        }
        assertThat(shuffledOnly.rows().length).isEqualTo(10);
        assertThat(Arrays.stream(shuffledOnly.labels()).sum()).isEqualTo(2);
        assertThat(FraudTrainer.balance(rows, labels, true, 1).labels()).containsExactly(balanced.labels());
    }

    @Test
    void aHeadNeedsEnoughFraudLabels() {
        long frauds = split.train().fraudCount();

        FraudModel model = FraudTrainer.train(split.train(), QUICK.withMinLabelledFrauds((int) frauds + 1),
                NetworkTraining.EpochListener.SILENT);

        assertThat(model.hasSupervisedHead()).isFalse();
        assertThat(model.scoreSource()).isEqualTo(FraudScoreSource.RECONSTRUCTION);
    }
}
