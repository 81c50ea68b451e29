package io.segmenter.stream.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsMetricsInsideFunctionsAggregationsAndArithmetic() {
        String expr = "sum by (job, topic) (rate(segmenter_events_dead_lettered_total{job=\"segmenter\"}[15m]))\n"
                + "  / (sum without (reason) (rate(segmenter_events_processed_total[5m] offset 1h)) + 1e-9) > 0.01";
        assertThat(PromQl.metricNames(expr))
                .containsExactlyInAnyOrder("segmenter_events_dead_lettered_total", "segmenter_events_processed_total");
    }

    @Test
    void skipsStringsLabelListsKeywordsNumbersAndGrafanaVariables() {
        String expr = "max by (instance) (max_over_time(kafka_consumer_coordinator_rebalance_latency_max{job=~\"$job\", "
                + "instance=~\"$instance\", topic!~\".*-changelog{x}\"}[$__rate_interval])) > 6e4 and on (instance) up == 1 "
                + "unless ignoring (state) group_left (x) histogram_quantile(0.99, sum by (le) (rate(a_bucket[5m]))) or vector(0) "
                + "or sum(rate(b_total[$__range])) bool > inf";
        assertThat(PromQl.metricNames(expr))
                .containsExactlyInAnyOrder("kafka_consumer_coordinator_rebalance_latency_max", "up", "a_bucket", "b_total");
    }

    @Test
    void readsTheLabelMatchersOfEachSelector() {
        var selectors = PromQl.selectors(
                "segmenter_streams_state{job=\"segmenter\", state=\"running\"} == 0 and jvm_memory_used_bytes{area='heap', id!~\"x\"}");
        assertThat(selectors).containsExactly(
                new PromQl.Selector("segmenter_streams_state", Map.of("job", "segmenter", "state", "running"), Set.of("job", "state")),
                new PromQl.Selector("jvm_memory_used_bytes", Map.of("area", "heap"), Set.of("area", "id")));
    }

    @Test
    void grafanaLabelValuesQueriesAreReducedToTheirExpression() {
        assertThat(PromQl.grafanaVariableQuery("label_values(segmenter_streams_state{job=~\"$job\"}, instance)"))
                .isEqualTo("segmenter_streams_state{job=~\"$job\"}");
        assertThat(PromQl.metricNames(PromQl.grafanaVariableQuery("label_values(segmenter_streams_state, job)")))
                .containsExactly("segmenter_streams_state");
    }

    @Test
    void unbalancedBracesAreAnError() {
        assertThatThrownBy(() -> PromQl.selectors("rate(x{job=\"a\"[5m])")).isInstanceOf(IllegalArgumentException.class);
    }
}
