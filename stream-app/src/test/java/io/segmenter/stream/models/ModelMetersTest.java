package io.segmenter.stream.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.segmenter.model.DemoBundles;
import io.segmenter.model.ModelBundle;
import io.segmenter.stream.scoring.LiveModels;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelMetersTest {

    private static ModelBundle v42;
    private static ModelBundle v7;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeAll
    static void bundles() {
        v42 = DemoBundles.defaultBundle();
        v7 = DemoBundles.build(7);
    }

    @Test
    void infoShowsOnlyTheCurrentLiveAndShadowVersions() {
        LiveModels models = LiveModels.of(v42);
        ModelMeters meters = ModelMeters.bind(registry, models);
        assertThat(info()).containsExactly(Map.entry("live", v42.modelVersion()));

        models.installShadow(v7);
        meters.refresh();
        assertThat(info()).containsOnly(Map.entry("live", v42.modelVersion()), Map.entry("shadow", v7.modelVersion()));

        models.installLive(v7);
        models.installShadow(null);
        meters.refresh();
        assertThat(info()).containsExactly(Map.entry("live", v7.modelVersion()));
        assertThat(registry.find(ModelMeters.INFO).gauges()).hasSize(1).allSatisfy(g -> assertThat(g.value()).isEqualTo(1));
    }

    @Test
    void ageIsSecondsSinceTheLiveModelWasCreated() {
        Clock clock = Clock.fixed(v42.createdTime().plus(Duration.ofHours(2)), ZoneOffset.UTC);
        ModelMeters.bind(registry, LiveModels.of(v42), clock);

        assertThat(registry.get(ModelMeters.AGE).gauge().value()).isEqualTo(7_200.0);
    }

    @Test
    void swapsByRoleAndRejectionsByReasonStartAtZero() {
        ModelMeters meters = ModelMeters.bind(registry, LiveModels.of(v42));
        assertThat(registry.find(ModelMeters.REJECTIONS).counters()).hasSize(ModelMeters.REASONS.size())
                .allSatisfy(c -> assertThat(c.count()).isZero());

        meters.swapped(ModelMeters.Role.LIVE);
        meters.rejected("golden-mismatch");
        meters.rejected("golden-mismatch");
        meters.rejected(ModelReleaseWatcher.UNDECODABLE);

        assertThat(registry.get(ModelMeters.SWAPS).tag("role", "live").counter().count()).isEqualTo(1);
        assertThat(registry.get(ModelMeters.SWAPS).tag("role", "shadow").counter().count()).isZero();
        assertThat(registry.get(ModelMeters.REJECTIONS).tag("reason", "golden-mismatch").counter().count()).isEqualTo(2);
        assertThat(registry.get(ModelMeters.REJECTIONS).tag("reason", "undecodable").counter().count()).isEqualTo(1);
    }

    @Test
    void closeRemovesEveryMeter() {
        ModelMeters meters = ModelMeters.bind(registry, LiveModels.of(v42));
        meters.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    private Map<String, String> info() {
        return registry.find(ModelMeters.INFO).gauges().stream()
                .collect(Collectors.toMap(g -> g.getId().getTag("role"), g -> g.getId().getTag("version")));
    }
}
