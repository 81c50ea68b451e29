package io.segmenter.stream.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.segmenter.model.SegmentInfo;
import io.segmenter.model.SegmentScore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentDeciderTest {

    private static final Duration DWELL = Duration.ofMinutes(30);
    private static final double MARGIN = 0.1;
    private static final Instant T0 = Instant.parse("2024-03-04T10:00:00Z");
    private static final List<SegmentInfo> CATALOGUE = List.of(segment("loyal"), segment("browsers"), segment("dormant"));
    private static final String V1 = "model-1";

    private final SegmentDecider decider = new SegmentDecider(MARGIN, DWELL);

    @Test
    void firstAssignmentIsTheBestSegmentAtOnce() {
        SegmentDecision decision = decider.decide(null, score(0.2, 0.7, 0.1), CATALOGUE, V1, T0);

        assertThat(decision).isEqualTo(new SegmentDecision(SegmentDecision.Kind.FIRST, null,
                new CurrentSegment("browsers", "browsers name", 0.7, T0, V1), 1));
        assertThat(decision.emits()).isTrue();
    }

    @Test
    void switchesWhenTheNewSegmentLeadsByTheMarginAfterTheDwell() {
        CurrentSegment loyal = new CurrentSegment("loyal", "loyal name", 0.8, T0, V1);
        Instant later = T0.plus(DWELL);

        SegmentDecision decision = decider.decide(loyal, score(0.4, 0.5, 0.1), CATALOGUE, V1, later);

        assertThat(decision).isEqualTo(new SegmentDecision(SegmentDecision.Kind.SWITCH, loyal,
                new CurrentSegment("browsers", "browsers name", 0.5, later, V1), 1));
    }

    @Test
    void staysWithinTheMinimumDwellEvenWithALargeLead() {
        CurrentSegment loyal = new CurrentSegment("loyal", "loyal name", 0.8, T0, V1);
        Instant justBefore = T0.plus(DWELL).minusMillis(1);

        SegmentDecision decision = decider.decide(loyal, score(0.05, 0.9, 0.05), CATALOGUE, V1, justBefore);

        assertThat(decision).isEqualTo(new SegmentDecision(SegmentDecision.Kind.STAY, loyal,
                new CurrentSegment("loyal", "loyal name", 0.05, T0, V1), 0));
        assertThat(decision.emits()).isFalse();
    }

    @Test
    void staysWhenTheLeadIsBelowTheMarginHoweverLongTheDwell() {
        CurrentSegment loyal = new CurrentSegment("loyal", "loyal name", 0.8, T0, V1);

        SegmentDecision decision = decider.decide(loyal, score(0.42, 0.5, 0.08), CATALOGUE, V1, T0.plus(Duration.ofDays(3)));

        assertThat(decision.kind()).isEqualTo(SegmentDecision.Kind.STAY);
        assertThat(decision.next()).isEqualTo(new CurrentSegment("loyal", "loyal name", 0.42, T0, V1));
    }

    @Test
    void alternatingScoresNeverFlapInsideTheDwell() {
        CurrentSegment current = decider.decide(null, score(0.6, 0.3, 0.1), CATALOGUE, V1, T0).next();
        for (int minute = 1; minute < 30; minute++) {
            SegmentScore alternating = minute % 2 == 0 ? score(0.6, 0.3, 0.1) : score(0.1, 0.85, 0.05);
            SegmentDecision decision = decider.decide(current, alternating, CATALOGUE, V1, T0.plus(Duration.ofMinutes(minute)));
            assertThat(decision.emits()).as("minute %d", minute).isFalse();
            current = decision.next();
        }
        assertThat(current.segmentId()).isEqualTo("loyal");
        assertThat(current.since()).isEqualTo(T0);
    }

    @Test
    void aLeadOfExactlyTheMarginSwitches() {
        CurrentSegment loyal = new CurrentSegment("loyal", "loyal name", 0.8, T0, V1);

        // 0.6 - 0.5 is 0.0999...98 in doubles: the tolerance counts it as the margin
        SegmentDecision decision = decider.decide(loyal, score(0.5, 0.0, 0.6), CATALOGUE, V1, T0.plus(DWELL));

        assertThat(decision.kind()).isEqualTo(SegmentDecision.Kind.SWITCH);
        assertThat(decision.next().segmentId()).isEqualTo("dormant");
    }

    @Test
    void anotherModelWithTheSameCatalogueKeepsTheSegmentAndItsSince() {
        CurrentSegment loyal = new CurrentSegment("loyal", "loyal name", 0.8, T0, V1);

        SegmentDecision decision = decider.decide(loyal, score(0.5, 0.45, 0.05), CATALOGUE, "model-2", T0.plusSeconds(60));

        assertThat(decision).isEqualTo(new SegmentDecision(SegmentDecision.Kind.STAY, loyal,
                new CurrentSegment("loyal", "loyal name", 0.5, T0, "model-2"), 0));
    }

    @Test
    void aSegmentMissingFromTheModelsCatalogueIsReplacedAtOnce() {
        CurrentSegment retired = new CurrentSegment("retired", "retired name", 0.9, T0, V1);
        Instant soon = T0.plusSeconds(1);

        SegmentDecision decision = decider.decide(retired, score(0.34, 0.33, 0.33), CATALOGUE, "model-2", soon);

        assertThat(decision).isEqualTo(new SegmentDecision(SegmentDecision.Kind.CATALOGUE_CHANGE, retired,
                new CurrentSegment("loyal", "loyal name", 0.34, soon, "model-2"), 0));
        assertThat(decision.emits()).isTrue();
    }

    @Test
    void refusesScoresThatDoNotMatchTheCatalogue() {
        assertThatThrownBy(() -> decider.decide(null, new SegmentScore(new double[] {0.5, 0.5}, 0), CATALOGUE, V1, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAMarginOutsideZeroToOneAndANegativeDwell() {
        assertThatThrownBy(() -> new SegmentDecider(1.5, DWELL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SegmentDecider(Double.NaN, DWELL)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SegmentDecider(0.1, Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    private static SegmentScore score(double... probabilities) {
        int best = 0;
        for (int k = 1; k < probabilities.length; k++) {
            if (probabilities[k] > probabilities[best]) {
                best = k;
            }
        }
        return new SegmentScore(probabilities, best);
    }

    private static SegmentInfo segment(String id) {
        return new SegmentInfo(id, id + " name", id + " description", List.of(), Map.of());
    }
}
