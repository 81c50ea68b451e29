package io.segmenter.stream.cli;

import io.segmenter.stream.config.SegmenterConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command shares; applied last, so they win over file and environment. */
final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with settings (see README, Configuration).")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Set one setting; kafka.* keys go to the Kafka clients. Repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--bootstrap-servers", paramLabel = "HOSTS", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--schema-registry", paramLabel = "URL", description = "Schema Registry URL (http(s):// or mock://scope).")
    String schemaRegistry;

    @Option(names = "--application-id", paramLabel = "ID", description = "Kafka Streams application id.")
    String applicationId;

    SegmenterConfig resolve(Map<String, String> environment) {
        SegmenterConfig.Builder builder = SegmenterConfig.builder();
        if (configFile != null) {
            builder.file(configFile);
        }
        builder.environment(environment);
        settings.forEach(builder::set);
        if (bootstrapServers != null) {
            builder.set("bootstrap.servers", bootstrapServers);
        }
        if (schemaRegistry != null) {
            builder.set("schema.registry.url", schemaRegistry);
        }
        if (applicationId != null) {
            builder.set("application.id", applicationId);
        }
        return builder.build();
    }
}
