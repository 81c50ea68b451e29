package io.segmenter.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scoring meters as Prometheus scrapes them: names, tags, and histogram buckets. */
class MicrometerTopologyMetricsTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrometerTopologyMetrics metrics = new MicrometerTopologyMetrics(registry);

    @Test
    void scoringBatchesAreASizeDistributionAndADurationHistogramByKind() {
        metrics.scoringBatch("users", 3, Duration.ofMillis(4));
        metrics.scoringBatch("users", 1024, Duration.ofMillis(30));
        metrics.scoringBatch("purchases", 1, Duration.ofMillis(2));

        assertThat(lines()).contains(
                "segmenter_scoring_batch_size_count{kind=\"users\"} 2",
                "segmenter_scoring_batch_size_sum{kind=\"users\"} 1027.0",
                "segmenter_scoring_batch_size_bucket{kind=\"users\",le=\"8.0\"} 1",
                "segmenter_scoring_batch_size_bucket{kind=\"users\",le=\"1024.0\"} 2",
                "segmenter_scoring_batch_size_count{kind=\"purchases\"} 1",
                "segmenter_scoring_batch_duration_seconds_bucket{kind=\"users\",le=\"0.005\"} 1",
                "segmenter_scoring_batch_duration_seconds_bucket{kind=\"users\",le=\"0.05\"} 2",
                "segmenter_scoring_batch_duration_seconds_count{kind=\"purchases\"} 1");
    }

    @Test
    void theModelCallIsADurationHistogramByKindApartFromTheBatch() {
        metrics.scoringBatch("users", 1024, Duration.ofMillis(40));
        metrics.scoringModelCall("users", 1024, Duration.ofMillis(3));
        metrics.scoringModelCall("purchases", 2, Duration.ofMillis(2));

        assertThat(lines()).contains(
                "segmenter_scoring_model_duration_seconds_count{kind=\"users\"} 1",
                "segmenter_scoring_model_duration_seconds_sum{kind=\"users\"} 0.003",
                "segmenter_scoring_model_duration_seconds_bucket{kind=\"users\",le=\"0.001\"} 0",
                "segmenter_scoring_model_duration_seconds_bucket{kind=\"users\",le=\"0.005\"} 1",
                "segmenter_scoring_model_duration_seconds_count{kind=\"purchases\"} 1",
                "segmenter_scoring_batch_duration_seconds_sum{kind=\"users\"} 0.04");
    }

    @Test
    void countsScoredRowsChangesAnomaliesAndShadowAgreement() {
        metrics.usersScored(3);
        metrics.purchasesScored(2);
        metrics.segmentChanged("none", "dormant");
        metrics.segmentChanged("none", "dormant");
        metrics.segmentChanged("dormant", "window-shoppers");
        metrics.anomalyEmitted();
        metrics.anomalySuppressed();
        metrics.shadowCompared("segment", true);
        metrics.shadowCompared("segment", false);
        metrics.shadowCompared("anomaly", true);

        assertThat(lines()).contains(
                "segmenter_users_scored_total 3.0",
                "segmenter_purchases_scored_total 2.0",
                "segmenter_segment_changes_total{from=\"none\",to=\"dormant\"} 2.0",
                "segmenter_segment_changes_total{from=\"dormant\",to=\"window-shoppers\"} 1.0",
                "segmenter_anomalies_total 1.0",
                "segmenter_anomalies_suppressed_total 1.0",
                "segmenter_shadow_agreement_total{kind=\"segment\",outcome=\"agree\"} 1.0",
                "segmenter_shadow_agreement_total{kind=\"segment\",outcome=\"disagree\"} 1.0",
                "segmenter_shadow_agreement_total{kind=\"anomaly\",outcome=\"agree\"} 1.0");
    }

    @Test
    void outputLatencyHasTheObjectiveBucketsAndCountsANegativeLatencyAsZero() {
        metrics.outputLatency("segment-change", Duration.ofMillis(300));
        metrics.outputLatency("segment-change", Duration.ofSeconds(-2));
        metrics.outputLatency("fraud-anomaly", Duration.ofSeconds(20));

        assertThat(lines()).contains(
                "segmenter_output_latency_seconds_bucket{output=\"segment-change\",le=\"0.1\"} 1",
                "segmenter_output_latency_seconds_bucket{output=\"segment-change\",le=\"0.25\"} 1",
                "segmenter_output_latency_seconds_bucket{output=\"segment-change\",le=\"0.5\"} 2",
                "segmenter_output_latency_seconds_bucket{output=\"segment-change\",le=\"10.0\"} 2",
                "segmenter_output_latency_seconds_count{output=\"segment-change\"} 2",
                "segmenter_output_latency_seconds_bucket{output=\"fraud-anomaly\",le=\"10.0\"} 0",
                "segmenter_output_latency_seconds_bucket{output=\"fraud-anomaly\",le=\"+Inf\"} 1");
        for (String le : List.of("0.1", "0.25", "0.5", "1.0", "2.0", "5.0", "10.0", "+Inf")) {
            assertThat(lines()).anyMatch(line -> line.startsWith(
                    "segmenter_output_latency_seconds_bucket{output=\"segment-change\",le=\"" + le + "\"}"));
        }
    }

    private List<String> lines() {
        return Arrays.asList(registry.scrape().split("\n"));
    }
}
