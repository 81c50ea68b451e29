package io.segmenter.trainer.cli;

import io.segmenter.trainer.publish.KafkaSettings;
import io.segmenter.trainer.publish.ModelPublisher;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where Kafka, the registry and the models topic are. */
public final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOSTS", description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--schema-registry", paramLabel = "URL", defaultValue = "mock://segmenter",
            description = "Schema Registry URL: http(s)://... or mock://scope (in-memory, this process only). Default: ${DEFAULT-VALUE}.")
    String schemaRegistry;

    @Option(names = "--kafka-config", paramLabel = "FILE",
            description = "Properties file of extra client settings (TLS, SASL; registry credentials with Confluent's keys).")
    Path kafkaConfig;

    @Option(names = "--topic", paramLabel = "TOPIC", defaultValue = ModelPublisher.DEFAULT_TOPIC,
            description = "Models topic (compacted). Default: ${DEFAULT-VALUE}.")
    String topic;

    boolean hasBootstrapServers() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }

    KafkaSettings settings() throws IOException {
        return KafkaSettings.of(bootstrapServers, schemaRegistry, kafkaConfig);
    }
}
