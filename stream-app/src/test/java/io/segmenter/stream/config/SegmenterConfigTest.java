package io.segmenter.stream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmenterConfigTest {

    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\| `([^`]+)` \\| (?:`([^`]*)`|\\*\\(empty\\)\\*) \\| (.+) \\|$");

    @TempDir
    Path dir;

    @Test
    void readmeConfigurationTableMatchesTheCode() throws IOException {
        Map<String, Setting> documented = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("..", "README.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.matches()) {
                documented.put(m.group(1), new Setting(m.group(1), m.group(3) == null ? "" : m.group(3), m.group(4)));
                assertThat(m.group(2)).as("environment variable of %s", m.group(1))
                        .isEqualTo(new Setting(m.group(1), "", "").environmentVariable());
            }
        }
        assertThat(documented.values()).containsExactlyElementsOf(SegmenterConfig.SETTINGS);
    }

    @Test
    void laterLayersOverrideEarlierOnes() throws IOException {
        Path file = dir.resolve("segmenter.properties");
        Files.writeString(file, "grace=PT1M\ntopic.clicks=from-file\napplication.id=from-file\nkafka.linger.ms=7\n");

        SegmenterConfig config = SegmenterConfig.builder()
                .file(file)
                .environment(Map.of("SEGMENTER_TOPIC_CLICKS", "from-env", "SEGMENTER_APPLICATION_ID", "from-env",
                        "KAFKA_SASL_MECHANISM", "PLAIN"))
                .set("application.id", "from-flag")
                .build();

        assertThat(config.getDuration("grace")).hasMinutes(1);
        assertThat(config.get("topic.clicks")).isEqualTo("from-env");
        assertThat(config.get("application.id")).isEqualTo("from-flag");
        assertThat(config.get("topic.purchases")).isEqualTo("user-purchases");
        assertThat(config.kafkaOverrides()).containsEntry("linger.ms", "7").containsEntry("sasl.mechanism", "PLAIN");
    }

    @Test
    void kafkaScriptAndServiceLinkVariablesAreNotPassedToTheClients() {
        SegmenterConfig config = SegmenterConfig.builder()
                .environment(Map.of("KAFKA_HOME", "/opt/kafka", "KAFKA_HEAP_OPTS", "-Xmx1g", "KAFKA_PORT", "tcp://10.0.0.1:9092",
                        "KAFKA_SERVICE_HOST", "10.0.0.1", "KAFKA_CLIENT_ID", "segmenter-7"))
                .build();

        assertThat(config.kafkaOverrides()).containsExactly(Map.entry("client.id", "segmenter-7"));
    }

    @Test
    void unknownSettingsAndBadValuesAreNamedInTheError() {
        assertThatThrownBy(() -> SegmenterConfig.builder().set("topic.click", "x"))
                .hasMessageContaining("unknown setting 'topic.click'");
        assertThatThrownBy(() -> SegmenterConfig.defaults().with("grace", "ten minutes").getDuration("grace"))
                .hasMessageContaining("setting 'grace' has value 'ten minutes', expected an ISO-8601 duration");
    }
}
