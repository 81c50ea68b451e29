package io.segmenter.stream.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every PromQL expression the Grafana dashboard and the Prometheus rules under deploy/ evaluate, by where it is. */
final class MonitoringQueries {

    static final Path DEPLOY = Path.of("..", "deploy");
    static final Path DASHBOARD = DEPLOY.resolve("grafana/segmenter.json");
    static final Path RULES = DEPLOY.resolve("prometheus/segmenter-rules.yml");

    private MonitoringQueries() {
    }

    static Map<String, String> all() {
        Map<String, String> queries = new LinkedHashMap<>();
        queries.putAll(dashboard());
        queries.putAll(rules());
        return queries;
    }

    static Map<String, String> dashboard() {
        JsonNode dashboard = read(new ObjectMapper(), DASHBOARD);
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode variable : dashboard.at("/templating/list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                String text = query.isObject() ? query.path("query").asText() : query.asText();
                queries.put("dashboard variable $" + variable.path("name").asText(), PromQl.grafanaVariableQuery(text));
            }
        }
        for (JsonNode panel : dashboard.path("panels")) {
            addTargets(panel, queries);
            for (JsonNode inner : panel.path("panels")) {
                addTargets(inner, queries);
            }
        }
        return queries;
    }

    private static void addTargets(JsonNode panel, Map<String, String> queries) {
        for (JsonNode target : panel.path("targets")) {
            queries.put("dashboard panel '" + panel.path("title").asText() + "' query " + target.path("refId").asText(),
                    target.path("expr").asText());
        }
    }

    static Map<String, String> rules() {
        JsonNode rules = read(new ObjectMapper(new YAMLFactory()), RULES);
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                String name = rule.has("alert") ? "alert " + rule.get("alert").asText() : "record " + rule.path("record").asText();
                queries.put(name, rule.path("expr").asText());
            }
        }
        return queries;
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }
}
