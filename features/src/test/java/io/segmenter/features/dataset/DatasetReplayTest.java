package io.segmenter.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmenter.schemas.avro.PurchaseEvent;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetReplayTest {

    private static final DatasetSource TAOBAO = TestData.inline("taobao", DatasetFormat.TAOBAO, """
            1,10,100,pv,1000
            1,11,100,cart,400
            2,12,100,pv,700
            2,13,100,buy,400
            """);

    private static final DatasetSource FRAUD = TestData.inline("fraud", DatasetFormat.FRAUD_DATA, """
            user_id,signup_time,purchase_time,purchase_value,device_id,class
            1,1970-01-01 00:00:00,1970-01-01 00:06:40,10,D1,0
            7,1970-01-01 00:01:00,1970-01-01 00:01:40,20,D2,1
            """);

    @Test
    void sortsOneSourceByTimeKeepingLineOrderForEqualTimes() throws IOException {
        DatasetReplay.Result r = DatasetReplay.sorted(TAOBAO);

        assertThat(r.events()).extracting(DatasetEvent::lineNumber).containsExactly(2L, 4L, 3L, 1L);
        assertThat(r.sources()).singleElement().satisfies(s -> assertThat(s.shift()).isZero());
    }

    @Test
    void namespacesEachSourcesIdsAndBreaksTimeTiesBySourceOrder() throws IOException {
        DatasetReplay.Result r = DatasetReplay.builder()
                .add(TAOBAO.withIdPrefix("tb-"))
                .add(FRAUD.withIdPrefix("fd-"))
                .build()
                .load();

        assertThat(r.events()).extracting(DatasetEvent::eventId).containsExactly(
                "fd-fraud-data-3", "tb-taobao-2", "tb-taobao-4", "fd-fraud-data-2", "tb-taobao-3", "tb-taobao-1");
        assertThat(r.events()).extracting(DatasetEvent::userId).containsExactly("fd-7", "tb-1", "tb-2", "fd-1", "tb-2", "tb-1");
        assertThat(r.events().get(0).label()).hasValue(1);
        assertThat(((PurchaseEvent) r.events().get(0).record()).getDeviceId()).isEqualTo("fd-D2");
    }

    @Test
    void alignEndsShiftsEachSourceWholeToEndWithTheLatestEndingOne() throws IOException {
        DatasetSource later = TestData.inline("later", DatasetFormat.TAOBAO, "5,1,2,pv,5000\n5,1,2,pv,9000\n")
                .withIdPrefix("b-");

        DatasetReplay.Result r = DatasetReplay.builder()
                .add(TAOBAO.withIdPrefix("a-"))
                .add(later)
                .add(FRAUD.withIdPrefix("fd-"))
                .alignEnds()
                .build()
                .load();

        assertThat(r.sources()).extracting(DatasetReplay.SourceResult::shift)
                .containsExactly(Duration.ofSeconds(8_000), Duration.ZERO, Duration.ofSeconds(8_600));
        assertThat(r.events()).extracting(e -> e.eventTime().getEpochSecond())
                .containsExactly(5000L, 8400L, 8400L, 8700L, 8700L, 9000L, 9000L, 9000L);
        assertThat(r.events()).extracting(DatasetEvent::eventId).endsWith("a-taobao-1", "b-taobao-2", "fd-fraud-data-2");
        PurchaseEvent fraudLast = (PurchaseEvent) r.events().get(7).record();
        assertThat(Duration.between(fraudLast.getAccountCreatedTime(), fraudLast.getEventTime())).hasSeconds(400);
        assertThat(r.events().get(7).label()).hasValue(0);
    }

    @Test
    void alignEndsToMovesEverySourceToEndAtTheGivenInstant() throws IOException {
        Instant end = Instant.parse("2026-01-01T00:00:00Z");

        DatasetReplay.Result r = DatasetReplay.builder()
                .add(TAOBAO.withIdPrefix("tb-"))
                .add(FRAUD.withIdPrefix("fd-"))
                .alignEndsTo(end)
                .build()
                .load();

        assertThat(r.sources()).extracting(s -> s.report().lastEventTime().orElseThrow().plus(s.shift())).containsOnly(end);
        assertThat(r.events().get(0).eventTime()).isEqualTo(end.minusSeconds(600));
        // the reports keep the times as read
        assertThat(r.sources().get(0).report().lastEventTime()).contains(Instant.ofEpochSecond(1000));
    }

    @Test
    void rejectsIdPrefixesThatCouldCollide() {
        assertThatThrownBy(() -> DatasetReplay.builder().add(TAOBAO).add(FRAUD.withIdPrefix("fd-")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("distinct prefix");
        assertThatThrownBy(() -> DatasetReplay.builder().add(TAOBAO.withIdPrefix("x-")).add(FRAUD.withIdPrefix("x-")).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatasetReplay.builder().add(TAOBAO.withIdPrefix("x-")).add(FRAUD.withIdPrefix("x-y-")).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DatasetReplay.builder().build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TAOBAO.withIdPrefix("a b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSourceWithoutEventsIsNotShifted() throws IOException {
        DatasetSource empty = TestData.inline("empty", DatasetFormat.CDNOW, "customer_id date number_of_cds dollar_value\n")
                .withIdPrefix("cd-");

        DatasetReplay.Result r = DatasetReplay.builder().add(TAOBAO.withIdPrefix("tb-")).add(empty).alignEnds().build().load();

        assertThat(r.sources()).extracting(DatasetReplay.SourceResult::shift).containsExactly(Duration.ZERO, Duration.ZERO);
        assertThat(r.events()).hasSize(4);
    }

    @Test
    void shiftedEventsConvertToReplayEventsForTheOfflineFeatureReplay() throws IOException {
        DatasetReplay.Result r = DatasetReplay.sorted(FRAUD);

        List<io.segmenter.features.ReplayEvent> replay = r.events().stream().map(DatasetEvent::toReplayEvent).toList();

        assertThat(replay).extracting(io.segmenter.features.ReplayEvent::userId).containsExactly("7", "1");
        assertThat(replay).isSortedAccordingTo(io.segmenter.features.ReplayEvent.BY_EVENT_TIME);
    }
}
