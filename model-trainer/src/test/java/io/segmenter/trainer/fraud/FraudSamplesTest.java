package io.segmenter.trainer.fraud;

import static io.segmenter.trainer.fraud.FraudEvents.at;
import static io.segmenter.trainer.fraud.FraudEvents.fraud;
import static io.segmenter.trainer.fraud.FraudEvents.legitimate;
import static io.segmenter.trainer.fraud.FraudEvents.unlabelled;
import static io.segmenter.trainer.fraud.FraudEvents.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmenter.features.dataset.DatasetEvent;
import io.segmenter.features.validation.RejectionReason;
import io.segmenter.trainer.UserSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FraudSamplesTest {

    private static final Duration ONE_SECOND = Duration.ofSeconds(1);
    private static final Duration TEN_DAYS = Duration.ofDays(10);

    @Test
    void keepsEachAcceptedPurchaseWithItsUserOrderTimeAndLabel() {
        DatasetEvent.Purchase first = fraud("u1", at(Duration.ofMinutes(1)), ONE_SECOND, "dev-a");
        DatasetEvent.Purchase second = legitimate("u2", at(Duration.ofMinutes(2)), TEN_DAYS, "dev-b");
        DatasetEvent.Purchase third = unlabelled("u3", at(Duration.ofMinutes(3)), TEN_DAYS, "dev-c");

        FraudSamples samples = FraudSamples.from(List.of(view("u1", at(Duration.ZERO)), first, second, third));

        assertThat(samples.samples()).extracting(FraudSample::orderId)
                .containsExactly(first.event().getOrderId(), second.event().getOrderId(), third.event().getOrderId());
        assertThat(samples.samples()).extracting(FraudSample::userId).containsExactly("u1", "u2", "u3");
        assertThat(samples.samples()).extracting(FraudSample::eventTime)
                .containsExactly(first.eventTime(), second.eventTime(), third.eventTime());
        assertThat(samples.samples()).extracting(FraudSample::label)
                .containsExactly(OptionalInt.of(1), OptionalInt.of(0), OptionalInt.empty());
        assertThat(samples.hasLabels()).isTrue();
        assertThat(samples.labelledCount()).isEqualTo(2);
        assertThat(samples.fraudCount()).isEqualTo(1);
        assertThat(samples.labelled().fraudLabels()).containsExactly(true, false);
        assertThatThrownBy(samples::fraudLabels).isInstanceOf(IllegalStateException.class);
        // the vector is the stream's: one-second-old account, the click counted among the user's events
        assertThat(samples.samples().get(0).vector().get("account_age_hours")).isEqualTo(1 / 3600.0);
        assertThat(samples.samples().get(0).vector().get("user_events_10m")).isEqualTo(2);
    }

    @Test
    void aVectorSeesOnlyEarlierPurchasesOnItsDevice() {
        List<DatasetEvent> early = List.of(
                fraud("u1", at(Duration.ofMinutes(0)), ONE_SECOND, "shared"),
                fraud("u2", at(Duration.ofMinutes(5)), ONE_SECOND, "shared"));
        List<DatasetEvent> withLater = new ArrayList<>(early);
        withLater.add(fraud("u3", at(Duration.ofMinutes(8)), ONE_SECOND, "shared"));
        withLater.add(legitimate("u4", at(Duration.ofHours(2)), TEN_DAYS, "shared"));

        FraudSamples before = FraudSamples.from(early);
        FraudSamples after = FraudSamples.from(withLater);

        assertThat(before.samples().get(0).vector().get("device_users_24h")).isZero();
        assertThat(before.samples().get(1).vector().get("device_users_24h")).isEqualTo(1);
        assertThat(after.samples().subList(0, 2)).isEqualTo(before.samples());
        assertThat(after.samples().get(2).vector().get("device_users_10m")).isEqualTo(2);
        assertThat(after.samples().get(3).vector().get("device_users_24h")).isEqualTo(3);
        assertThat(after.samples().get(3).vector().get("device_users_10m")).isZero();
    }

    @Test
    void refusesEventsOutOfTimeOrder() {
        List<DatasetEvent> unsorted = List.of(
                legitimate("u1", at(Duration.ofMinutes(5)), TEN_DAYS, "dev-a"),
                legitimate("u2", at(Duration.ofMinutes(1)), TEN_DAYS, "dev-b"));

        assertThatThrownBy(() -> FraudSamples.from(unsorted))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sort by event time");
    }

    @Test
    void leavesOutAndCountsWhatTheStreamWouldDeadLetter() {
        DatasetEvent.Purchase signedUpLater = FraudEvents.purchase("u1", at(Duration.ofMinutes(1)), Duration.ofDays(-1),
                "dev-a", null, 40, OptionalInt.of(1));
        DatasetEvent.Purchase fine = legitimate("u2", at(Duration.ofMinutes(2)), TEN_DAYS, "dev-b");

        FraudSamples samples = FraudSamples.from(List.of(signedUpLater, fine));

        assertThat(samples.samples()).extracting(FraudSample::userId).containsExactly("u2");
        assertThat(samples.rejections()).containsEntry(RejectionReason.ACCOUNT_CREATED_AFTER_PURCHASE, 1L);
    }

    @Test
    void splitsByUserWithEveryPurchaseOfAUserOnOneSide() {
        List<DatasetEvent> events = new ArrayList<>();
        for (int minute = 0; minute < 200; minute++) {
            String user = "user-" + (minute % 40);
            events.add(legitimate(user, at(Duration.ofMinutes(minute)), TEN_DAYS, "dev-" + minute));
        }
        FraudSamples all = FraudSamples.from(events);
        UserSplit split = new UserSplit(11, 0.3);

        FraudSamples.Split parts = all.split(split);

        assertThat(parts.train().size() + parts.test().size()).isEqualTo(all.size());
        assertThat(parts.test().samples()).allMatch(s -> split.isTest(s.userId()));
        assertThat(parts.train().samples()).noneMatch(s -> split.isTest(s.userId()));
        Set<String> testUsers = new HashSet<>(parts.test().samples().stream().map(FraudSample::userId).toList());
        assertThat(testUsers).isNotEmpty().hasSizeLessThan(40);
        assertThat(parts.test().samples()).extracting(FraudSample::eventTime).isSorted();
    }
}
