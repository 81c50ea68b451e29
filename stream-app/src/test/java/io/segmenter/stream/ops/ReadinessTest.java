package io.segmenter.stream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    @Test
    void readyOnlyWhenEveryCheckIsUp() {
        Readiness readiness = new Readiness()
                .add("streams", () -> Readiness.Check.up(Map.of("state", "RUNNING")))
                .add("model", () -> Readiness.Check.down(Map.of("reason", "no-valid-model")));
        Readiness.Report report = readiness.evaluate();
        assertThat(report.ready()).isFalse();
        assertThat(report.checks()).containsOnlyKeys("streams", "model");

        readiness.add("model", () -> Readiness.Check.up(Map.of("version", "v1")));
        assertThat(readiness.evaluate().ready()).isTrue();
    }

    @Test
    void noChecksMeansReady() {
        assertThat(new Readiness().evaluate().ready()).isTrue();
    }

    @Test
    void openMetricsOnlyWhenAskedFor() {
        assertThat(MetricsHandler.contentType(null)).isEqualTo(MetricsHandler.PROMETHEUS_TEXT);
        assertThat(MetricsHandler.contentType("text/plain;version=0.0.4")).isEqualTo(MetricsHandler.PROMETHEUS_TEXT);
        assertThat(MetricsHandler.contentType("application/openmetrics-text;version=1.0.0;q=0.5,*/*;q=0.1"))
                .isEqualTo(MetricsHandler.OPENMETRICS_TEXT);
    }
}
