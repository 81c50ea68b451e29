package io.segmenter.stream.app;

import io.segmenter.stream.config.SegmenterConfig;
import io.segmenter.stream.topology.DeadLetterDeserializationHandler;
import io.segmenter.stream.topology.DeadLetterProcessingHandler;
import io.segmenter.stream.topology.TopologyMetrics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.LoggerFactory;

/** Turns our configuration into Kafka Streams properties. */
public final class StreamsProperties {

    private StreamsProperties() {
    }

    public static Properties from(SegmenterConfig config, TopologyMetrics metrics) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get("application.id"));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("bootstrap.servers"));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee(config.get("processing.guarantee")));
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.getInt("num.stream.threads"));
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.getLong("commit.interval.ms"));
        String stateDir = config.get("state.dir");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.isBlank()
                ? Path.of(System.getProperty("java.io.tmpdir"), "segmenter-state").toString() : stateDir);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, config.get("topic.dead-letters"));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        props.put(TopologyMetrics.CONFIG, metrics);
        applicationServer(config).ifPresent(server -> props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, server));
        config.kafkaOverrides().forEach(props::put);
        return props;
    }

    /**
     * {@code host:port} at which other instances reach this one's HTTP server for interactive
     * queries: {@link #advertisedHost} and {@code http.port}. Empty while {@code http.port} is 0:
     * whoever binds a free port passes the bound one ({@code config.with("http.port", ...)}).
     */
    public static Optional<String> applicationServer(SegmenterConfig config) {
        int port = config.getInt("http.port");
        if (port == 0) {
            return Optional.empty();
        }
        String host = advertisedHost(config);
        return Optional.of((host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port);
    }

    /** {@code http.advertised.host}, or this machine's host name when that is empty. */
    public static String advertisedHost(SegmenterConfig config) {
        String configured = config.get("http.advertised.host").trim();
        if (!configured.isEmpty()) {
            return configured;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            LoggerFactory.getLogger(StreamsProperties.class)
                    .warn("cannot resolve this machine's host name ({}); advertising localhost: set http.advertised.host", e.toString());
            return "localhost";
        }
    }

    private static String processingGuarantee(String value) {
        return switch (value) {
            case StreamsConfig.EXACTLY_ONCE_V2 -> StreamsConfig.EXACTLY_ONCE_V2;
            case StreamsConfig.AT_LEAST_ONCE -> StreamsConfig.AT_LEAST_ONCE;
            default -> throw new IllegalArgumentException("setting 'processing.guarantee' has value '" + value
                    + "', expected " + StreamsConfig.EXACTLY_ONCE_V2 + " or " + StreamsConfig.AT_LEAST_ONCE);
        };
    }
}
