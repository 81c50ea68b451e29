package io.segmenter.trainer.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.segmenter.features.dataset.BundledSample;
import io.segmenter.trainer.TrainingProgress;
import io.segmenter.trainer.data.TrainingData;
import io.segmenter.trainer.eval.Interval;
import io.segmenter.trainer.predict.OutcomeRow.CutKind;
import io.segmenter.trainer.predict.PredictionEvaluation.KindResult;
import io.segmenter.trainer.predict.PredictionEvaluation.ModelFigures;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The backtest on the bundled sample, once for the class: what it measures and how it says it. */
class BacktestTest {

    private static Backtest.Result result;

    @BeforeAll
    static void runOnTheBundledSample() throws Exception {
        Optional<Path> dir = BundledSample.find(Path.of(""));
        assumeThat(dir).isPresent();
        TrainingData data = TrainingData.load(BundledSample.sources(dir.get()));
        PredictiveTraining.Options d = PredictiveTraining.Options.defaults(42);
        Backtest.Options options = new Backtest.Options(Optional.empty(), Optional.empty(),
                new PredictiveTraining.Options(d.hidden(), 15, 2, d.learningRate(), d.l2(), d.calibrationShare(), 42), 100);
        result = Backtest.run(data, options, TrainingProgress.SILENT);
    }

    @Test
    void choosesPeriodsTheLongestSourceSupportsAndSaysWhichSourcesCannot() {
        assertThat(result.targets()).isEqualTo(PredictionTargets.forSpan(java.time.Duration.ofDays(9)));
        assertThat(result.sources()).extracting(Backtest.SourceSummary::source).singleElement().asString()
                .contains("taobao");
        assertThat(result.leftOut()).singleElement().asString().contains("rees46").contains("no cut with an observed 1d");
    }

    @Test
    void measuresEveryModelOnTheSameTestRowsOfBothKindsOfCut() {
        assertThat(result.kinds()).extracting(KindResult::kind).containsExactly(CutKind.DAILY, CutKind.EVENT);
        for (KindResult k : result.kinds()) {
            assertThat(k.models()).extracting(ModelFigures::model).startsWith("DL4J", "DL4J uncalibrated")
                    .contains("naive Bayes", "logistic/Poisson regression", "best single feature");
            List<Integer> rows = k.models().stream().flatMap(m -> m.purchase().stream()).map(b -> b.rows()).distinct().toList();
            assertThat(rows).containsExactly(k.rows());
        }
    }

    @Test
    void everyIntervalHoldsItsPointAndTheNetworkIsComparedWithEachBaseline() {
        for (KindResult k : result.kinds()) {
            for (ModelFigures m : k.models()) {
                m.purchase().ifPresent(b -> {
                    assertHolds(b.rocAuc());
                    assertHolds(b.lift());
                    b.brier().ifPresent(BacktestTest::assertHolds);
                });
                m.purchases().ifPresent(c -> assertHolds(c.rmse()));
            }
            assertThat(k.comparisons()).extracting(PredictionEvaluation.Comparison::baseline)
                    .contains("naive Bayes", "logistic/Poisson regression", "best single feature");
        }
    }

    @Test
    void theCalibratedNetworkPredictsAboutAsManyBuyersAsThereAre() {
        KindResult daily = result.kinds().get(0);
        PredictionEvaluation.Binary dl4j = daily.models().get(0).purchase().orElseThrow();
        double observed = (double) dl4j.positives() / dl4j.rows();
        double predicted = dl4j.reliability().stream().mapToDouble(b -> b.count() * (b.count() == 0 ? 0 : b.meanPredicted()))
                .sum() / dl4j.rows();
        assertThat(predicted).isCloseTo(observed, org.assertj.core.data.Offset.offset(0.08));
        assertThat(dl4j.ece()).isPresent();
    }

    @Test
    void printsEveryModelWithIntervals() {
        String text = BacktestText.format(result);
        assertThat(text).contains("daily cuts").contains("event cuts").contains("DL4J minus each baseline")
                .containsPattern("DL4J +\\d\\.\\d{3} \\[\\d\\.\\d{3}, \\d\\.\\d{3}\\]")
                .contains("left out: ");
        assertThat(BacktestJson.of(result)).containsKeys("purchaseHorizon", "results", "leftOut");
    }

    private static void assertHolds(Interval i) {
        assertThat(i.low()).isLessThanOrEqualTo(i.point());
        assertThat(i.high()).isGreaterThanOrEqualTo(i.point());
    }
}
