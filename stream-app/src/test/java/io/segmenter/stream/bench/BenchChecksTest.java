package io.segmenter.stream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchChecksTest {

    /** A run whose output is right: 1,000 events of 100 users; 200 events of 20 users, scored 20 times, in the latency phase. */
    private static BenchChecks.Observed right() {
        return new BenchChecks.Observed(1_000, 100, 1_000, 100, 200, 1_200, 100, 1_000, 100, 1_000, 0, 100, 100, 140, 0, 0,
                true, 200, 200, 20, 20, 25, 0, 0);
    }

    @Test
    void acceptsARightOutput() {
        assertThat(BenchChecks.problems(right())).isEmpty();
    }

    @Test
    void fewerUsersScoredThanSeenIsAProblem() {
        BenchChecks.Observed o = right();
        BenchChecks.Observed wrong = new BenchChecks.Observed(o.eventsSent(), o.usersSent(), o.baselineCounted(),
                o.baselineUsers(), o.purchasesSent(), o.dataflowCounted(), o.dataflowUsers(), o.twoHopCounted(), o.twoHopUsers(), o.pipelineProcessed(), o.pipelineDeadLettered(), o.usersWithFeatures(), 81,
                o.userRowsScored(), 0, 0, true, 200, 200, 20, 20, 25, 0, 0);

        assertThat(BenchChecks.problems(wrong)).singleElement().asString()
                .contains("fewer users scored than users seen", "81", "100");
    }

    @Test
    void lostOrDeadLetteredEventsAreAProblem() {
        BenchChecks.Observed lost = new BenchChecks.Observed(1_000, 100, 1_000, 100, 200, 1_200, 100, 1_000, 100, 990, 10, 100, 100, 140, 0, 0,
                false, 0, 0, 0, 0, 0, 0, 0);
        BenchChecks.Observed deadLetteredButCounted = new BenchChecks.Observed(1_000, 100, 1_000, 100, 200, 1_200, 100, 1_000, 100, 1_000, 3, 100, 100,
                140, 0, 0, false, 0, 0, 0, 0, 0, 0, 0);

        assertThat(BenchChecks.problems(lost)).singleElement().asString().contains("processed 990", "1000 were sent");
        assertThat(BenchChecks.problems(deadLetteredButCounted)).singleElement().asString().contains("dead-lettered 3");
    }

    @Test
    void aBaselineThatMissesEventsIsAProblem() {
        BenchChecks.Observed o = new BenchChecks.Observed(1_000, 100, 999, 99, 200, 1_200, 100, 1_000, 100, 1_000, 0, 100, 100, 140, 0, 0,
                false, 0, 0, 0, 0, 0, 0, 0);

        assertThat(BenchChecks.problems(o)).hasSize(2).allMatch(p -> p.startsWith("baseline counted"));
    }

    @Test
    void dataflowBaselinesThatMissInputsAreProblems() {
        // 200 purchases sent: the user counts must see 1,000 events and the 200 purchases back from the IP count;
        // the two-hop baseline's user counts see the 1,000 events only
        BenchChecks.Observed o = new BenchChecks.Observed(1_000, 100, 1_000, 100, 200, 1_150, 99, 990, 100, 1_000, 0, 100, 100,
                140, 0, 0, false, 0, 0, 0, 0, 0, 0, 0);

        assertThat(BenchChecks.problems(o)).containsExactly(
                "data-flow baseline counted 1150 inputs at the users, 1200 expected (events + purchases back from the IP count)",
                "data-flow baseline counted 99 users, 100 were sent",
                "two-hop data-flow baseline counted 990 events at the users, 1000 were sent");
    }

    @Test
    void wrongAnomaliesAreProblems() {
        BenchChecks.Observed o = new BenchChecks.Observed(1_000, 100, 1_000, 100, 200, 1_200, 100, 1_000, 100, 1_000, 0, 100, 100, 140, 2, 1,
                false, 0, 0, 0, 0, 0, 0, 0);

        assertThat(BenchChecks.problems(o)).containsExactly("2 anomalies name a purchase that was never sent",
                "1 orders raised more than one anomaly");
    }

    @Test
    void latencyPhaseWithoutTimedOutputsOrWithUnknownTriggersIsAProblem() {
        BenchChecks.Observed o = new BenchChecks.Observed(1_000, 100, 1_000, 100, 200, 1_200, 100, 1_000, 100, 1_000, 0, 100, 100, 140, 0, 0,
                true, 200, 199, 20, 19, 0, 4, 1);

        assertThat(BenchChecks.problems(o)).hasSize(5).allMatch(p -> p.startsWith("latency phase"))
                .anyMatch(p -> p.contains("19 user rows scored, 20 users had events"));
    }

    @Test
    void latencyChecksApplyOnlyWhenTheLatencyWasMeasured() {
        BenchChecks.Observed o = new BenchChecks.Observed(1_000, 100, 1_000, 100, 200, 1_200, 100, 1_000, 100, 1_000, 0, 100, 100, 140, 0, 0,
                false, 0, 0, 0, 0, 0, 0, 0);

        assertThat(BenchChecks.problems(o)).isEmpty();
    }
}
