package io.segmenter.stream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.segmenter.stream.app.StreamsProperties;
import io.segmenter.stream.app.TopicLayout;
import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.config.Setting;
import io.segmenter.stream.http.HttpSettings;
import io.segmenter.stream.topology.TopologyMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml and everything under deploy/ parse, pin their images, and name only
 * settings, ports, endpoints, topics and files that exist in this repository and this app.
 */
class DeployFilesTest {

    private static final Path ROOT = Path.of("..");
    private static final Path DEPLOY = ROOT.resolve("deploy");
    private static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What the app serves besides /users/{id} (QueryServer, ServedInstance). */
    private static final Set<String> SERVED_PATHS = Set.of("/metrics", "/health/live", "/health/ready");
    /** Variables a manifest may define that are not configuration: inputs of $(VAR) expansion. */
    /** Variables that are not settings: the pod's own name and namespace, and DL4J's native thread count. */
    private static final Set<String> HELPER_VARIABLES = Set.of("POD_NAME", "POD_NAMESPACE", "OMP_NUM_THREADS");
    private static final Set<String> SETTING_VARIABLES = SegmenterConfig.SETTINGS.stream()
            .map(Setting::environmentVariable).collect(Collectors.toSet());
    private static final Set<String> KAFKA_CONFIGS = Stream.of(StreamsConfig.configDef().names(), ConsumerConfig.configNames(),
            ProducerConfig.configNames(), AdminClientConfig.configNames()).flatMap(Set::stream).collect(Collectors.toSet());
    private static final Pattern EXPANSION = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    @Test
    void everyYamlAndJsonFileParsesIntoObjects() throws IOException {
        List<Path> files = deployFiles();
        assertThat(files).contains(COMPOSE, DEPLOY.resolve("grafana/segmenter.json"), DEPLOY.resolve("prometheus/segmenter-rules.yml"));
        for (Path file : files) {
            List<JsonNode> documents = documents(file);
            assertThat(documents).as("documents in %s", file).isNotEmpty();
            assertThat(documents).as("documents in %s", file).allMatch(JsonNode::isObject);
        }
    }

    @Test
    void everyImageIsPinnedToATagThatIsNotLatest() throws IOException {
        Map<String, String> images = new LinkedHashMap<>();
        compose().path("services").fields().forEachRemaining(s -> images.put("compose service " + s.getKey(), s.getValue().path("image").asText()));
        for (Path file : deployFiles()) {
            for (JsonNode doc : documents(file)) {
                for (JsonNode container : containers(doc)) {
                    if (container.has("image")) { // patches may leave it out
                        images.put(file + " container " + container.path("name").asText(), container.get("image").asText());
                    }
                }
                for (JsonNode image : doc.path("images")) {
                    images.put(file + " images " + image.path("name").asText(), image.path("newName").asText(image.path("name").asText())
                            + (image.has("digest") ? "@" + image.get("digest").asText() : ":" + image.path("newTag").asText()));
                }
            }
        }
        images.put("jib base image (stream-app/pom.xml jib.base.image)", pomProperty("jib.base.image"));
        assertThat(images).isNotEmpty();
        images.forEach((where, image) -> assertThat(isPinned(image)).as("%s: image '%s' has a tag (not latest) or a digest", where, image).isTrue());
    }

    @Test
    void composeStreamAppUsesOnlyRealSettingsItsImageItsPortAndItsEndpoints() {
        JsonNode app = compose().at("/services/stream-app");
        assertThat(app.path("image").asText()).isEqualTo(jibImage());
        assertThat(app.path("command").get(0).asText()).isEqualTo("run");
        Map<String, String> env = new LinkedHashMap<>();
        app.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        env.keySet().forEach(name -> assertKnownVariable(name, "docker-compose stream-app"));
        int port = httpPort(env);
        assertThat(port).isEqualTo(8080);
        List<String> published = new ArrayList<>();
        app.path("ports").forEach(p -> published.add(p.asText()));
        assertThat(published).as("published ports").anyMatch(p -> p.replace("/tcp", "").endsWith(":" + port));
        String healthcheck = String.join(" ", texts(app.at("/healthcheck/test")));
        assertThat(healthcheck).contains("/dev/tcp/localhost/" + port).contains("/health/ready");
        assertThat(app.path("stop_grace_period").asText()).isEqualTo("60s");
    }

    @Test
    void composePrometheusScrapesTheAppAndLoadsTheOneRulesFileFromDeploy() throws IOException {
        JsonNode services = compose().path("services");
        Map<String, String> mounts = new HashMap<>();
        services.fields().forEachRemaining(s -> s.getValue().path("volumes").forEach(v -> {
            String[] parts = v.asText().split(":");
            assertThat(ROOT.resolve(parts[0])).as("host path of volume %s of %s", v.asText(), s.getKey()).exists();
            mounts.put(s.getKey() + " " + parts[0], parts[1]);
        }));
        assertThat(mounts).containsKeys("grafana ./deploy/grafana/segmenter.json", "prometheus ./deploy/compose/prometheus.yml");
        String rulesInContainer = mounts.get("prometheus ./deploy/prometheus/segmenter-rules.yml");
        JsonNode prometheus = documents(DEPLOY.resolve("compose/prometheus.yml")).get(0);
        assertThat(texts(prometheus.path("rule_files"))).containsExactly(rulesInContainer);
        JsonNode job = prometheus.at("/scrape_configs/0");
        assertThat(job.path("job_name").asText()).isEqualTo("segmenter");
        assertThat(job.path("metrics_path").asText()).isIn(SERVED_PATHS);
        Map<String, String> env = new HashMap<>();
        services.at("/stream-app/environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        assertThat(texts(job.at("/static_configs/0/targets"))).containsExactly("stream-app:" + httpPort(env));
    }

    @Test
    void composeTopicsMatchTheApplicationsTopicLayout() throws IOException {
        List<String> entrypoint = texts(compose().at("/services/topics/entrypoint"));
        assertThat(entrypoint.subList(0, 2)).containsExactly("/bin/bash", "/create-topics.sh");
        String partitions = entrypoint.get(3);
        short replication = Short.parseShort(entrypoint.get(4));
        Map<String, String> scriptArgs = Map.of("\"$partitions\"", partitions);

        Map<String, NewTopic> created = new TreeMap<>();
        for (String line : Files.readAllLines(DEPLOY.resolve("compose/create-topics.sh"))) {
            if (!line.startsWith("create ")) {
                continue;
            }
            List<String> words = List.of(line.substring("create ".length()).trim().split("\\s+"));
            String name = null;
            int count = -1;
            Map<String, String> configs = new HashMap<>();
            for (int i = 0; i < words.size(); i += 2) {
                String value = scriptArgs.getOrDefault(words.get(i + 1), words.get(i + 1));
                switch (words.get(i)) {
                    case "--topic" -> name = value;
                    case "--partitions" -> count = Integer.parseInt(value);
                    case "--config" -> configs.put(value.substring(0, value.indexOf('=')), value.substring(value.indexOf('=') + 1));
                    default -> throw new AssertionError("unexpected option " + words.get(i) + " in: " + line);
                }
            }
            created.put(name, new NewTopic(name, count, replication).configs(configs));
        }
        Map<String, NewTopic> expected = new TreeMap<>();
        for (NewTopic topic : TopicLayout.topics(SegmenterConfig.defaults().with("topic.partitions", partitions), replication)) {
            expected.put(topic.name(), new NewTopic(topic.name(), topic.numPartitions(), replication)
                    .configs(topic.configs() == null ? Map.of() : topic.configs()));
        }
        assertThat(created).isEqualTo(expected);
    }

    @Test
    void kubernetesStreamAppUsesOnlyRealSettingsPortsEndpointsAndVolumes() throws IOException {
        JsonNode statefulSet = only(kind(DEPLOY.resolve("base"), "StatefulSet"));
        JsonNode pod = statefulSet.at("/spec/template");
        JsonNode container = only(containers(statefulSet));
        assertThat(container.path("image").asText()).isEqualTo(jibImage());

        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode variable : container.path("env")) {
            String name = variable.path("name").asText();
            assertKnownVariable(name, "StatefulSet " + container.path("name").asText());
            Matcher references = EXPANSION.matcher(variable.path("value").asText());
            while (references.find()) {
                assertThat(env).as("$(%s) in %s is defined before it", references.group(1), name).containsKey(references.group(1));
            }
            env.put(name, variable.path("value").asText());
        }
        // the values form a configuration the app accepts
        SegmenterConfig config = SegmenterConfig.builder().environment(env).build();
        assertThat(StreamsProperties.from(config, TopologyMetrics.NONE).get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG)).isEqualTo("1");
        int port = HttpSettings.from(config).port();

        Map<String, Integer> ports = new HashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        assertThat(ports).containsEntry("http", port);
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
        for (String probe : List.of("livenessProbe", "readinessProbe")) {
            assertThat(ports).as("%s port", probe).containsKey(container.at("/" + probe + "/httpGet/port").asText());
        }
        assertThat(container.at("/resources/requests").size()).isPositive();
        assertThat(container.at("/resources/limits/memory").asText()).isNotEmpty();

        String stateDir = env.get("SEGMENTER_STATE_DIR");
        Set<String> claims = new HashSet<>();
        statefulSet.at("/spec/volumeClaimTemplates").forEach(c -> claims.add(c.at("/metadata/name").asText()));
        assertThat(container.path("volumeMounts")).as("the state directory is on a volume claim")
                .anyMatch(m -> m.path("mountPath").asText().equals(stateDir) && claims.contains(m.path("name").asText()));
        assertThat(pod.at("/spec/terminationGracePeriodSeconds").asInt()).as("longer than Kafka Streams' 30 s close").isGreaterThanOrEqualTo(45);
        assertThat(pod.at("/spec/enableServiceLinks").isBoolean() && !pod.at("/spec/enableServiceLinks").asBoolean()).isTrue();

        // the headless service: pod DNS names are the advertised application.server hosts
        String serviceName = statefulSet.at("/spec/serviceName").asText();
        JsonNode service = kind(DEPLOY.resolve("base"), "Service").stream()
                .filter(s -> s.at("/metadata/name").asText().equals(serviceName)).findFirst().orElseThrow();
        assertThat(service.at("/spec/clusterIP").asText()).isEqualTo("None");
        assertThat(env.get("SEGMENTER_HTTP_ADVERTISED_HOST")).startsWith("$(POD_NAME)." + serviceName + ".");
        assertThat(ports).containsKey(service.at("/spec/ports/0/targetPort").asText());
        Map<String, String> podLabels = labels(pod.at("/metadata/labels"));
        assertThat(podLabels).containsAllEntriesOf(labels(service.at("/spec/selector")));
        assertThat(podLabels).containsAllEntriesOf(labels(statefulSet.at("/spec/selector/matchLabels")));
        assertThat(podLabels).containsAllEntriesOf(labels(only(kind(DEPLOY.resolve("base"), "PodDisruptionBudget")).at("/spec/selector/matchLabels")));

        JsonNode podMonitor = only(kind(DEPLOY.resolve("monitoring"), "PodMonitor"));
        assertThat(podLabels).containsAllEntriesOf(labels(podMonitor.at("/spec/selector/matchLabels")));
        assertThat(ports).containsKey(podMonitor.at("/spec/podMetricsEndpoints/0/port").asText());
        assertThat(podMonitor.at("/spec/podMetricsEndpoints/0/path").asText()).isEqualTo("/metrics");
        assertThat(podLabels.get(podMonitor.at("/spec/jobLabel").asText())).as("job label of the scraped pods").isEqualTo("segmenter");
    }

    @Test
    void everyStatefulSetPatchSetsOnlyRealSettings() throws IOException {
        for (Path file : deployFiles()) {
            for (JsonNode doc : documents(file)) {
                for (JsonNode container : containers(doc)) {
                    // the trainer's containers are model-trainer's (TrainerDeploymentTest checks them)
                    if (container.path("name").asText().equals("stream-app")) {
                        container.path("env").forEach(v -> assertKnownVariable(v.path("name").asText(), file.toString()));
                    }
                }
            }
        }
    }

    @Test
    void rulesSelectTheJobThatComposeAndThePodMonitorScrape() {
        MonitoringQueries.rules().forEach((rule, expr) -> PromQl.selectors(expr).forEach(s ->
                assertThat(s.equalities().get("job")).as("job selected by %s", rule).isEqualTo("segmenter")));
    }

    @Test
    void prometheusRuleCarriesExactlyTheRulesFileThatComposeMounts() throws IOException {
        JsonNode rule = only(kind(DEPLOY.resolve("monitoring"), "PrometheusRule"));
        JsonNode rules = documents(MonitoringQueries.RULES).get(0);
        assertThat(rule.at("/spec/groups"))
                .as("deploy/monitoring/prometheus-rule.yaml is stale: run deploy/prometheus/sync-prometheus-rule.sh")
                .isEqualTo(rules.path("groups"));
    }

    @Test
    void kustomizationsReferenceOnlyFilesThatExist() throws IOException {
        List<Path> kustomizations = deployFiles().stream().filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList();
        assertThat(kustomizations).hasSizeGreaterThanOrEqualTo(4);
        for (Path file : kustomizations) {
            Path dir = file.getParent();
            JsonNode k = documents(file).get(0);
            for (JsonNode resource : k.path("resources")) {
                Path target = dir.resolve(resource.asText());
                assertThat(Files.isRegularFile(target) || Files.isRegularFile(target.resolve("kustomization.yaml")))
                        .as("%s resource %s", file, resource.asText()).isTrue();
            }
            k.path("patches").forEach(p -> assertThat(dir.resolve(p.path("path").asText())).as("%s patch", file).isRegularFile());
            k.path("configMapGenerator").forEach(g -> g.path("files").forEach(f ->
                    assertThat(dir.resolve(f.asText().substring(f.asText().indexOf('=') + 1))).as("%s generator file", file).isRegularFile()));
        }
    }

    @Test
    void dashboardIsProvisionableAndEveryPanelQueriesThePrometheusVariable() throws IOException {
        JsonNode dashboard = JSON.readTree(MonitoringQueries.DASHBOARD.toFile());
        assertThat(dashboard.path("uid").asText()).isEqualTo("segmenter");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id %s", panel.path("id")).isTrue();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as("query of '%s'", panel.path("title").asText()).isNotBlank();
                assertThat(target.at("/datasource/uid").asText()).isEqualTo("${datasource}");
            }
        }
        assertThat(dashboard.at("/templating/list/0/type").asText()).isEqualTo("datasource");
        assertThat(MonitoringQueries.dashboard()).hasSizeGreaterThan(20);
    }

    private static void assertKnownVariable(String name, String where) {
        if (name.startsWith("SEGMENTER_")) {
            assertThat(SETTING_VARIABLES).as("%s sets %s: a SegmenterConfig setting", where, name).contains(name);
        } else if (name.startsWith("KAFKA_")) {
            String key = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
            assertThat(KAFKA_CONFIGS).as("%s sets %s: the Kafka Streams/client setting %s", where, name, key).contains(key);
        } else {
            assertThat(HELPER_VARIABLES).as("%s sets %s", where, name).contains(name);
        }
    }

    private static int httpPort(Map<String, String> env) {
        return SegmenterConfig.builder().environment(env).build().getInt("http.port");
    }

    static boolean isPinned(String image) {
        if (image.contains("@sha256:")) {
            return true;
        }
        int colon = image.lastIndexOf(':');
        if (colon < 0 || colon < image.lastIndexOf('/')) {
            return false;
        }
        String tag = image.substring(colon + 1);
        return !tag.isBlank() && !tag.equals("latest");
    }

    /** stream-app's jib target image, with the project version filled in. */
    private static String jibImage() {
        String pom = read(ROOT.resolve("stream-app/pom.xml"));
        Matcher to = Pattern.compile("<to>\\s*<image>([^<]+)</image>").matcher(pom);
        Matcher version = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
        assertThat(to.find() && version.find()).as("jib <to><image> and the parent version in stream-app/pom.xml").isTrue();
        return to.group(1).replace("${project.version}", version.group(1));
    }

    private static String pomProperty(String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(read(ROOT.resolve("stream-app/pom.xml")));
        assertThat(m.find()).as("property %s in stream-app/pom.xml", name).isTrue();
        return m.group(1);
    }

    private static JsonNode compose() {
        try {
            return documents(COMPOSE).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The containers of a workload (Deployment, StatefulSet, Job, CronJob), patches included. */
    private static List<JsonNode> containers(JsonNode doc) {
        List<JsonNode> containers = new ArrayList<>();
        for (JsonNode spec : List.of(doc.at("/spec/template/spec"), doc.at("/spec/jobTemplate/spec/template/spec"))) {
            spec.path("initContainers").forEach(containers::add);
            spec.path("containers").forEach(containers::add);
        }
        return containers;
    }

    private static List<JsonNode> kind(Path dir, String kind) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                documents(file).stream().filter(d -> kind.equals(d.path("kind").asText())).forEach(found::add);
            }
        }
        return found;
    }

    private static <T> T only(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    private static Map<String, String> labels(JsonNode node) {
        Map<String, String> labels = new HashMap<>();
        node.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        return labels;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static List<Path> deployFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(COMPOSE);
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml") || p.toString().endsWith(".json"))
                    .sorted().forEach(files::add);
        }
        return files;
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        if (file.toString().endsWith(".json")) {
            return List.of(JSON.readTree(file.toFile()));
        }
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            List<JsonNode> documents = new ArrayList<>();
            YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
                if (d != null && !d.isMissingNode() && !d.isNull()) {
                    documents.add(d);
                }
            });
            return documents;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
