package io.segmenter.stream.bench;

import java.util.List;

/**
 * What one {@code bench} run measured and checked, as printed and as written by
 * {@code --summary-json}. Throughputs are events per second from the moment the application
 * reached RUNNING to the moment its committed offsets covered every input (and repartition)
 * record. Latencies are milliseconds from the broker's append of the input event behind an output
 * to the broker's append of that output ({@code p50LatencyMs}...) and to a {@code read_committed}
 * reader receiving it ({@code p50VisibleLatencyMs}...); {@code p99SegmentChangeLatencyMs} and
 * {@code p99AnomalyLatencyMs} split the p99 by output. {@code scoringMicrosPerUser} is the model
 * (DL4J) call's time per scored user row, {@code scoringBatchMicrosPerUser} the whole scoring batch's
 * (read, score, decide, write reasons, emit); likewise per purchase. {@code problems} lists what was wrong
 * with the pipeline's output; the command exits non-zero when it is not empty.
 */
public record BenchReport(
        long events,
        long users,
        long clicks,
        long purchases,
        int sampleCopies,
        double timeScale,
        double eventTimeSpanDays,
        long warmupEvents,
        String processingGuarantee,
        int partitions,
        long commitIntervalMs,
        int streamThreads,
        double baselineEventsPerSec,
        double pipelineEventsPerSec,
        double ratio,
        double baselineSeconds,
        double pipelineSeconds,
        double dataflowBaselineEventsPerSec,
        double dataflowBaselineSeconds,
        double dataflowBaselineRatio,
        double pipelineToDataflowRatio,
        double twoHopBaselineEventsPerSec,
        double twoHopBaselineRatio,
        double rateFraction,
        double offeredEventsPerSec,
        long latencyEvents,
        long latencyUsers,
        long latencySegmentChangeSamples,
        long latencyAnomalySamples,
        long p50LatencyMs,
        long p99LatencyMs,
        long maxLatencyMs,
        long p99SegmentChangeLatencyMs,
        long p99AnomalyLatencyMs,
        long p50VisibleLatencyMs,
        long p99VisibleLatencyMs,
        long maxVisibleLatencyMs,
        long publisherMaxBehindScheduleMs,
        double scoringMicrosPerUser,
        double scoringMicrosPerPurchase,
        double scoringBatchMicrosPerUser,
        double scoringBatchMicrosPerPurchase,
        double meanUsersPerScoringBatch,
        double stateBytesPerUser,
        long usersInStore,
        long peakHeapBytes,
        long liveHeapAfterGcBytes,
        long baselinePeakHeapBytes,
        long pipelineEventsProcessed,
        long pipelineDeadLettered,
        long usersWithFeatures,
        long usersWithSegment,
        long userRowsScored,
        long segmentChanges,
        long anomalies,
        MachineInfo machine,
        List<String> problems) {

    public BenchReport {
        problems = List.copyOf(problems);
    }
}
