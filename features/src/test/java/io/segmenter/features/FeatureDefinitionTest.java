package io.segmenter.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FeatureDefinitionTest {

    /**
     * Changing this value is a conscious act: it invalidates every model bundle trained on the
     * previous definition. Update it together with FORMAT_VERSION or the feature list, and say why.
     */
    private static final String PINNED_HASH = "4df8b565d646f183059eb08bafb31418d08d91150ae0423e7ded9c329c71f197";

    @Test
    void versionHashIsPinned() {
        assertThat(FeatureDefinition.versionHash())
                .as("canonical text:%n%s", FeatureDefinition.canonicalText())
                .isEqualTo(PINNED_HASH);
    }

    @Test
    void versionHashIsLowerCaseSha256Hex() {
        assertThat(FeatureDefinition.versionHash()).matches("[0-9a-f]{64}");
    }

    @Test
    void canonicalTextNamesTheTileLayoutAndFormatVersion() {
        assertThat(FeatureDefinition.canonicalText())
                .startsWith("segmenter-features format=" + FeatureDefinition.FORMAT_VERSION + "\n")
                .contains("tiles minute=60000x60 hour=3600000x24 day=86400000x30")
                .contains("session-gap-ms=1800000")
                .contains("0 events_1m count 60000");
    }

    @ParameterizedTest
    @EnumSource(FeatureDefinition.class)
    void namesAreUniqueAndSnakeCase(FeatureDefinition kind) {
        Set<String> seen = new HashSet<>();
        for (FeatureSpec spec : kind.specs()) {
            assertThat(seen.add(spec.name())).as("duplicate %s", spec.name()).isTrue();
            assertThat(spec.name()).matches("[a-z][a-z0-9]*(_[a-z0-9]+)*");
        }
        assertThat(kind.names()).hasSize(kind.size());
    }

    @ParameterizedTest
    @EnumSource(FeatureDefinition.class)
    void windowedFeaturesCarryTheirWindowAsSuffixAndOnlyThose(FeatureDefinition kind) {
        for (FeatureSpec spec : kind.specs()) {
            boolean hasSuffix = spec.name().matches(".*_[0-9]+[mhd]$");
            if (spec.window() == null) {
                assertThat(hasSuffix).as("%s has a window suffix but no window", spec.name()).isFalse();
            } else {
                assertThat(spec.name()).endsWith("_" + spec.windowLabel());
            }
        }
    }

    @Test
    void indexOfFindsEachFeatureAndRejectsUnknownNames() {
        assertThat(FeatureDefinition.SEGMENT.indexOf("events_1m")).isZero();
        assertThat(FeatureDefinition.SEGMENT.spec(FeatureDefinition.SEGMENT.indexOf("spend_30d")).unit())
                .isEqualTo(FeatureUnit.CURRENCY);
        assertThat(FeatureDefinition.FRAUD.contains("amount")).isTrue();
        assertThatThrownBy(() -> FeatureDefinition.SEGMENT.indexOf("amount"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("amount");
    }

    @Test
    void windowLabelsMatchTheSuffixes() {
        assertThat(FeatureSpec.windowLabel(Duration.ofMinutes(1))).isEqualTo("1m");
        assertThat(FeatureSpec.windowLabel(Duration.ofMinutes(10))).isEqualTo("10m");
        assertThat(FeatureSpec.windowLabel(Duration.ofHours(1))).isEqualTo("1h");
        assertThat(FeatureSpec.windowLabel(Duration.ofHours(24))).isEqualTo("24h");
        assertThat(FeatureSpec.windowLabel(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(FeatureSpec.windowLabel(Duration.ofDays(30))).isEqualTo("30d");
    }

    @Test
    void unitCodesAreKebabCase() {
        assertThat(FeatureUnit.LOG_CURRENCY.code()).isEqualTo("log-currency");
        assertThat(FeatureUnit.HOUR_OF_DAY.code()).isEqualTo("hour-of-day");
        assertThat(FeatureUnit.COUNT.code()).isEqualTo("count");
    }

    @Test
    void specRejectsBadNamesAndWindows() {
        assertThatThrownBy(() -> new FeatureSpec("Views", FeatureUnit.COUNT, null, "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FeatureSpec("views", FeatureUnit.COUNT, Duration.ZERO, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
