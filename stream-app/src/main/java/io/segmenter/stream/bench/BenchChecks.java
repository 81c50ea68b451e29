package io.segmenter.stream.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a benchmark run's output is right, so that a fast but broken pipeline never passes:
 * every event sent is processed (none dead-lettered: the input is valid), every user seen gets
 * features and a segment, anomalies name purchases that were sent and no order twice, and each
 * latency sample is tied to an input event that exists. In the latency phase the users already
 * have segments (a segment change then means a switch), so there every user with an event must
 * at least have been scored again: at least as many user rows scored as users seen.
 */
final class BenchChecks {

    /** What a run counted, from the inputs it sent, the stores, the metrics and the output topics. */
    record Observed(
            long eventsSent,
            long usersSent,
            long baselineCounted,
            long baselineUsers,
            long purchasesSent,
            long dataflowCounted,
            long dataflowUsers,
            long twoHopCounted,
            long twoHopUsers,
            long pipelineProcessed,
            long pipelineDeadLettered,
            long usersWithFeatures,
            long usersWithSegment,
            long userRowsScored,
            long anomaliesForUnknownPurchases,
            long ordersWithSeveralAnomalies,
            boolean latencyMeasured,
            long latencyEventsSent,
            long latencyProcessed,
            long latencyUsersSeen,
            long latencyUserRowsScored,
            long latencySamples,
            long changesWithUnknownTrigger,
            long outputsWithoutAppendTime) {
    }

    private BenchChecks() {
    }

    /** Broken invariants, in words; empty when the output is right. */
    static List<String> problems(Observed o) {
        List<String> problems = new ArrayList<>();
        if (o.baselineCounted() != o.eventsSent()) {
            problems.add("baseline counted " + o.baselineCounted() + " events, " + o.eventsSent() + " were sent");
        }
        if (o.baselineUsers() != o.usersSent()) {
            problems.add("baseline counted " + o.baselineUsers() + " users, " + o.usersSent() + " were sent");
        }
        // the data-flow baseline counts each purchase twice at the user: on arrival and back from the IP count
        if (o.dataflowCounted() != o.eventsSent() + o.purchasesSent()) {
            problems.add("data-flow baseline counted " + o.dataflowCounted() + " inputs at the users, "
                    + (o.eventsSent() + o.purchasesSent()) + " expected (events + purchases back from the IP count)");
        }
        if (o.dataflowUsers() != o.usersSent()) {
            problems.add("data-flow baseline counted " + o.dataflowUsers() + " users, " + o.usersSent() + " were sent");
        }
        if (o.twoHopCounted() != o.eventsSent()) {
            problems.add("two-hop data-flow baseline counted " + o.twoHopCounted() + " events at the users, " + o.eventsSent()
                    + " were sent");
        }
        if (o.twoHopUsers() != o.usersSent()) {
            problems.add("two-hop data-flow baseline counted " + o.twoHopUsers() + " users, " + o.usersSent() + " were sent");
        }
        if (o.pipelineProcessed() != o.eventsSent()) {
            problems.add("pipeline processed " + o.pipelineProcessed() + " events, " + o.eventsSent() + " were sent ("
                    + o.pipelineDeadLettered() + " dead-lettered)");
        } else if (o.pipelineDeadLettered() != 0) {
            problems.add("pipeline dead-lettered " + o.pipelineDeadLettered() + " records of a valid input");
        }
        if (o.usersWithFeatures() != o.usersSent()) {
            problems.add(o.usersWithFeatures() + " users got features, " + o.usersSent() + " were sent");
        }
        if (o.usersWithSegment() < o.usersWithFeatures()) {
            problems.add("fewer users scored than users seen: " + o.usersWithSegment() + " users got a segment, "
                    + o.usersWithFeatures() + " got features");
        }
        if (o.userRowsScored() < o.usersWithSegment()) {
            problems.add("the scoring metric counts " + o.userRowsScored() + " user rows scored, fewer than the "
                    + o.usersWithSegment() + " users with a segment");
        }
        if (o.anomaliesForUnknownPurchases() != 0) {
            problems.add(o.anomaliesForUnknownPurchases() + " anomalies name a purchase that was never sent");
        }
        if (o.ordersWithSeveralAnomalies() != 0) {
            problems.add(o.ordersWithSeveralAnomalies() + " orders raised more than one anomaly");
        }
        if (o.latencyMeasured()) {
            if (o.latencyProcessed() != o.latencyEventsSent()) {
                problems.add("latency phase: pipeline processed " + o.latencyProcessed() + " events, "
                        + o.latencyEventsSent() + " were sent");
            }
            if (o.latencyUserRowsScored() < o.latencyUsersSeen()) {
                problems.add("latency phase: fewer users scored than users seen: " + o.latencyUserRowsScored()
                        + " user rows scored, " + o.latencyUsersSeen() + " users had events");
            }
            if (o.latencySamples() == 0) {
                problems.add("latency phase: no output could be timed");
            }
            if (o.changesWithUnknownTrigger() != 0) {
                problems.add("latency phase: " + o.changesWithUnknownTrigger()
                        + " segment changes name a triggering event time that no sent event of that user has");
            }
            if (o.outputsWithoutAppendTime() != 0) {
                problems.add("latency phase: " + o.outputsWithoutAppendTime() + " output records carry no broker append time");
            }
        }
        return problems;
    }
}
