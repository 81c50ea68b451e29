package io.segmenter.trainer.publish;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where Kafka and the schema registry are, and any extra client settings (TLS, SASL, registry
 * credentials) from a properties file: the file's entries go to every Kafka client, and the
 * registry client reads its own keys from it (Confluent's names, e.g. {@code basic.auth.user.info},
 * {@code schema.registry.ssl.truststore.location}).
 *
 * @param bootstrapServers  Kafka bootstrap servers
 * @param schemaRegistryUrl {@code http(s)://} or {@code mock://scope}
 * @param clientConfig      extra client settings, possibly empty
 */
public record KafkaSettings(String bootstrapServers, String schemaRegistryUrl, Map<String, String> clientConfig) {

    public KafkaSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        clientConfig = Map.copyOf(clientConfig);
    }

    public static KafkaSettings of(String bootstrapServers, String schemaRegistryUrl) {
        return new KafkaSettings(bootstrapServers, schemaRegistryUrl, Map.of());
    }

    /** Reads {@code file} (Java properties) as the extra client settings; none when {@code file} is null. */
    public static KafkaSettings of(String bootstrapServers, String schemaRegistryUrl, Path file) throws IOException {
        Map<String, String> config = new TreeMap<>();
        if (file != null) {
            Properties p = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            p.stringPropertyNames().forEach(k -> config.put(k, p.getProperty(k)));
        }
        return new KafkaSettings(bootstrapServers, schemaRegistryUrl, config);
    }

    /** The extra settings plus {@code bootstrap.servers}, for a Kafka client; {@code extra} wins over the file. */
    public Map<String, Object> clientProperties(Map<String, Object> extra) {
        Map<String, Object> props = new TreeMap<>(clientConfig);
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.putAll(extra);
        return props;
    }
}
