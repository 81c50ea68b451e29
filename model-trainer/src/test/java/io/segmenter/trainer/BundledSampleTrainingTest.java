package io.segmenter.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.segmenter.features.FeatureDefinition;
import io.segmenter.model.BundleValidator;
import io.segmenter.model.ModelBundle;
import io.segmenter.model.SegmentInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training on the bundled sample with the defaults: a valid bundle, held-out figures recorded in
 * the bundle, and the committed default model in step with the running feature definition and with
 * what training produces today. (Same seed, same bytes: {@code TrainAndEvaluateCommandTest}.)
 */
class BundledSampleTrainingTest {

    private static final Logger log = LoggerFactory.getLogger(BundledSampleTrainingTest.class);

    @Test
    void theBundlePassesTheStreamsValidation() throws Exception {
        Trainer.Run run = TrainedSample.run();
        ModelBundle loaded = BundleValidator.forRunningDefinition().load(run.bundle().toBytes(), run.bundle().fileSha256());

        assertThat(loaded.featureDefinitionHash()).isEqualTo(FeatureDefinition.versionHash());
        assertThat(loaded.modelVersion()).matches("seg-20191001-[0-9a-f]{8}");
        assertThat(loaded.createdTime()).isEqualTo(TrainedSample.data().newestEventTime());
        assertThat(loaded.segmentCount()).isEqualTo(run.segments().k()).isBetween(2, 6);
        assertThat(loaded.segments().stream().map(SegmentInfo::id).collect(Collectors.toSet())).hasSize(loaded.segmentCount());
        assertThat(loaded.hasSupervisedFraudHead()).isTrue();
    }

    @Test
    void theBundleCarriesItsHeldOutFiguresAndHowItWasMade() {
        Trainer.Run run = TrainedSample.run();
        SegmentEvaluation.LabelComparison labels = run.segmentHeldOut().labels().orElseThrow();

        assertThat(run.bundle().trainingMetrics())
                .containsEntry("segmentMacroF1", labels.dl4j().macroF1())
                .containsEntry("segmentBaselineMacroF1", labels.naiveBayes().macroF1())
                .containsEntry("segmentCount", (double) run.segments().k())
                .containsEntry("fraudPrAuc", run.fraudHeldOut().orElseThrow().prAuc())
                .containsKeys("fraudRocAuc", "fraudPrecision", "fraudRecall", "fraudThreshold", "segmentDailyChangeShare");
        String notes = run.bundle().manifest().notes();
        assertThat(notes).contains("seed: 42", "taobao-userbehavior-150users.csv",
                "sha256 6c98cd11a9891441bb171dbc6dd8e5ef92156cad3e8086fbdaa441adce0adcd5", "--horizon PT24H --history-days 6",
                "fraud-data-head4000.csv", "segment count: k=" + run.segments().k());
        assertThat(notes).doesNotContain(TrainedSample.repositoryRoot().toString());
        // held-out users are disjoint from training users
        assertThat(Set.copyOf(run.segments().trainUsers())).doesNotContainAnyElementsOf(run.segments().testUsers());
        assertThat(run.segmentHeldOut().users()).isEqualTo(run.segments().testUsers().size());
    }

    @Test
    void theCommittedDefaultModelMatchesTheRunningDefinitionAndTodaysTraining() throws Exception {
        Path committed = TrainedSample.repositoryRoot().resolve("models/default/model.zip");
        assertThat(committed).as("the shipped default model; rebuild it with the command in models/README.md").isRegularFile();
        byte[] bytes = Files.readAllBytes(committed);

        ModelBundle shipped = BundleValidator.forRunningDefinition().load(bytes);
        ModelBundle retrained = TrainedSample.run().bundle();
        assertThat(shipped.featureDefinitionHash())
                .as("the feature definition changed: rebuild models/default (command in models/README.md)")
                .isEqualTo(FeatureDefinition.versionHash());
        // clustering and naming are plain Java: the same catalogue on any machine
        assertThat(shipped.segments().stream().map(SegmentInfo::id).toList())
                .isEqualTo(retrained.segments().stream().map(SegmentInfo::id).toList());
        assertThat(shipped.segments()).isEqualTo(retrained.segments());
        assertThat(shipped.createdTime()).isEqualTo(retrained.createdTime());
        // the networks' bits depend on the CPU's native code paths: equal here, reported rather than required
        log.info("committed default model {} is byte-identical to today's retraining: {}", shipped.modelVersion(),
                Arrays.equals(bytes, retrained.toBytes()));
    }
}
