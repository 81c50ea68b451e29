package io.segmenter.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.segmenter.trainer.TrainerCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The trainer as docker-compose and Kubernetes run it: its image is the one jib builds, and the
 * arguments they pass are a command and options the trainer really has (picocli parses them as
 * the container would), so a renamed flag fails here and not at 03:17 in production.
 */
class TrainerDeploymentTest {

    private static final Path ROOT = Path.of("..");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern EXPANSION = Pattern.compile("\\$\\(([A-Z_][A-Z0-9_]*)\\)");

    @Test
    void composeTrainerPublishesTheModelItsImageCarries() throws IOException {
        JsonNode trainer = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).at("/services/trainer");
        assertThat(trainer.path("image").asText()).isEqualTo(jibImage());
        List<String> args = texts(trainer.path("command"));
        CommandLine.ParseResult parsed = TrainerCli.commandLine().parseArgs(args.toArray(String[]::new));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("publish");
        String model = parsed.subcommand().matchedOptionValue("--model", Path.of("")).toString();
        // jib copies ../models into /app/models: the file must be in the repository
        assertThat(model).startsWith("/app/models/");
        assertThat(ROOT.resolve("models").resolve(model.substring("/app/models/".length()))).isRegularFile();
        assertThat(trainer.at("/environment/OMP_NUM_THREADS").asText()).isEqualTo("1");
        assertThat(trainer.at("/restart").asText()).isEqualTo("no");
    }

    @Test
    void refreshCronJobRunsARealCommandOnTheInputTopicsAndTreatsKeepingTheLiveModelAsSuccess() throws IOException {
        JsonNode cronJob = YAML.readTree(ROOT.resolve("deploy/base/trainer-cronjob.yaml").toFile());
        assertThat(cronJob.path("kind").asText()).isEqualTo("CronJob");
        assertThat(cronJob.at("/spec/concurrencyPolicy").asText()).isEqualTo("Forbid");
        JsonNode container = cronJob.at("/spec/jobTemplate/spec/template/spec/containers/0");
        assertThat(container.path("image").asText()).isEqualTo(jibImage());
        assertThat(container.has("command")).as("the image's entrypoint runs TrainerCli").isFalse();

        Map<String, String> env = new HashMap<>();
        container.path("env").forEach(v -> env.put(v.path("name").asText(), v.path("value").asText()));
        List<String> args = new ArrayList<>();
        for (String arg : texts(container.path("args"))) {
            Matcher m = EXPANSION.matcher(arg);
            StringBuilder expanded = new StringBuilder();
            while (m.find()) {
                assertThat(env).as("$(%s) is defined in the container's env", m.group(1)).containsKey(m.group(1));
                m.appendReplacement(expanded, Matcher.quoteReplacement(env.get(m.group(1))));
            }
            m.appendTail(expanded);
            args.add(expanded.toString());
        }
        CommandLine.ParseResult parsed = TrainerCli.commandLine().parseArgs(args.toArray(String[]::new));
        CommandLine.ParseResult refresh = parsed.subcommand();
        assertThat(refresh.commandSpec().name()).isEqualTo("refresh");
        assertThat(refresh.matchedOptionValue("--kept-exit-code", -1)).isZero();
        assertThat(refresh.matchedOptionValue("--bootstrap-servers", "")).isNotBlank();
        assertThat(refresh.<List<String>>matchedOptionValue("--from-topics", List.of()))
                .containsExactly("user-clicks", "user-purchases");
        assertThat(env).containsEntry("OMP_NUM_THREADS", "1");
        assertThat(container.at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
        assertThat(container.path("volumeMounts")).anyMatch(m -> m.path("mountPath").asText().equals("/tmp"));
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** model-trainer's jib target image, with the project version filled in. */
    private static String jibImage() throws IOException {
        String pom = Files.readString(ROOT.resolve("model-trainer/pom.xml"));
        Matcher to = Pattern.compile("<to>\\s*<image>([^<]+)</image>").matcher(pom);
        Matcher version = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
        assertThat(to.find() && version.find()).as("jib <to><image> and the parent version in model-trainer/pom.xml").isTrue();
        return to.group(1).replace("${project.version}", version.group(1));
    }
}
