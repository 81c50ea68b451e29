package io.segmenter.trainer.predict;

import static io.segmenter.trainer.predict.PredictEvents.BASE;
import static io.segmenter.trainer.predict.PredictEvents.at;
import static io.segmenter.trainer.predict.PredictEvents.purchase;
import static io.segmenter.trainer.predict.PredictEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmenter.features.ReplayEvent;
import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.trainer.data.TrainingData;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The time split: no training label reads the test period, and test rows are those cut from its start on. */
class PredictionDataTest {

    private static final PredictionTargets DAY_AND_THREE = new PredictionTargets(Duration.ofDays(1), Duration.ofDays(3));

    /** Ten days of a user viewing daily and buying every other day, and a second user viewing now and then. */
    private static TrainingData tenDays() {
        List<ReplayEvent> events = new ArrayList<>();
        for (int d = 0; d < 10; d++) {
            events.add(view("a", at(Duration.ofDays(d).plusHours(9))));
            if (d % 2 == 0) {
                events.add(purchase("a", at(Duration.ofDays(d).plusHours(10))));
            }
            if (d % 3 == 0) {
                events.add(view("b", at(Duration.ofDays(d).plusHours(15))));
            }
        }
        events.sort(ReplayEvent.BY_EVENT_TIME);
        List<DatasetEvent> dataset = new ArrayList<>();
        for (ReplayEvent e : events) {
            dataset.add(e instanceof ReplayEvent.Purchase p ? new DatasetEvent.Purchase(p.event(), dataset.size() + 1)
                    : new DatasetEvent.Click(((ReplayEvent.Click) e).event(), dataset.size() + 1));
        }
        return new TrainingData(List.of(new TrainingData.Source("ten-days.csv", "rees46", "sha", dataset.size(), 0, dataset)));
    }

    @Test
    void noTrainingLabelReadsTheTestPeriod() {
        PredictionData data = PredictionData.of(tenDays(), Optional.of(DAY_AND_THREE), Optional.of(LocalDate.of(2024, 3, 11)),
                1);
        Instant testFrom = BASE.plus(Duration.ofDays(7));

        assertThat(data.sources()).singleElement().extracting(PredictionData.Part::testFrom).isEqualTo(testFrom);
        for (OutcomeRow r : data.trainingRows()) {
            assertThat(r.cut()).isBefore(testFrom);
            if (data.trainingPurchaseKnown(r)) {
                assertThat(r.purchaseEnd()).isBeforeOrEqualTo(testFrom);
            }
            if (data.trainingChurnKnown(r)) {
                assertThat(r.churnEnd()).isBeforeOrEqualTo(testFrom);
            }
        }
        // a cut two days before the test start has its purchase label, not its churn label
        OutcomeRow twoDaysBefore = data.trainingRows().stream()
                .filter(r -> r.cut().equals(BASE.plus(Duration.ofDays(5))) && r.userId().equals("a")).findFirst().orElseThrow();
        assertThat(data.trainingPurchaseKnown(twoDaysBefore)).isTrue();
        assertThat(data.trainingChurnKnown(twoDaysBefore)).isFalse();
    }

    @Test
    void testRowsAreCutFromTheStartOnWithTheirPurchasePeriodObserved() {
        PredictionData data = PredictionData.of(tenDays(), Optional.of(DAY_AND_THREE), Optional.of(LocalDate.of(2024, 3, 11)),
                1);
        Instant testFrom = BASE.plus(Duration.ofDays(7));
        Instant observed = data.sources().get(0).rows().observedUntil();

        assertThat(data.testRows()).isNotEmpty().allSatisfy(r -> {
            assertThat(r.cut()).isAfterOrEqualTo(testFrom);
            assertThat(r.purchaseEnd()).isBeforeOrEqualTo(observed);
        });
    }

    @Test
    void theDefaultTestStartLeavesTheLastThirtyPercentOfDailyCutsToTest() {
        PredictionData data = PredictionData.of(tenDays(), Optional.of(DAY_AND_THREE), Optional.empty(), 1);

        // daily cuts 03-05 .. 03-12 have an observed next day (the data ends 03-13 15:00): 8 cuts, the last 3 test
        assertThat(data.sources().get(0).testFrom()).isEqualTo(BASE.plus(Duration.ofDays(6)));
    }

    @Test
    void periodsTheDataCannotSupportAreRefusedWithTheReason() {
        PredictionTargets fortnight = new PredictionTargets(Duration.ofDays(14), Duration.ofDays(30));

        assertThatThrownBy(() -> PredictionData.of(tenDays(), Optional.of(fortnight), Optional.empty(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no source can support purchase within 2w")
                .hasMessageContaining("--purchase-horizon");
    }

    @Test
    void taobaoDaysAreChinasDays() {
        assertThat(PredictionData.zoneOf("taobao")).isEqualTo(ZoneOffset.ofHours(8));
        assertThat(PredictionData.zoneOf("cdnow")).isEqualTo(ZoneOffset.UTC);
    }
}
