package io.segmenter.stream.topology;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The dead-letter record format. The value is the original record's bytes, untouched when the
 * record could not be decoded and re-encoded with its source topic's serde when it decoded but
 * failed validation. Headers say why and where it came from; the original headers are kept.
 */
public final class DeadLetters {

    public static final String REASON = "segmenter.dlq.reason";
    public static final String DETAIL = "segmenter.dlq.detail";
    public static final String SOURCE_TOPIC = "segmenter.dlq.source.topic";
    public static final String SOURCE_PARTITION = "segmenter.dlq.source.partition";
    public static final String SOURCE_OFFSET = "segmenter.dlq.source.offset";
    public static final String PROCESSOR = "segmenter.dlq.processor";

    private static final int MAX_DETAIL_CHARS = 1_000;

    private DeadLetters() {
    }

    /** Adds the reason and source headers to {@code headers} (replacing earlier ones). */
    public static Headers annotate(Headers headers, String reason, String detail,
                                   String topic, int partition, long offset, String processor) {
        put(headers, REASON, reason);
        put(headers, DETAIL, truncate(detail));
        put(headers, SOURCE_TOPIC, topic);
        put(headers, SOURCE_PARTITION, Integer.toString(partition));
        put(headers, SOURCE_OFFSET, Long.toString(offset));
        if (processor != null) {
            put(headers, PROCESSOR, processor);
        }
        return headers;
    }

    /** A dead-letter record for raw bytes that the handlers of Kafka Streams give us. */
    public static ProducerRecord<byte[], byte[]> record(String deadLetterTopic, byte[] key, byte[] value,
                                                        Headers originalHeaders, String reason, String detail,
                                                        String topic, int partition, long offset, String processor) {
        Headers headers = new RecordHeaders();
        if (originalHeaders != null) {
            for (Header h : originalHeaders) {
                if (!h.key().startsWith("segmenter.dlq.")) {
                    headers.add(h.key(), h.value());
                }
            }
        }
        annotate(headers, reason, detail, topic, partition, offset, processor);
        return new ProducerRecord<>(deadLetterTopic, null, key, value, headers);
    }

    /** The value of a header as text, or null when absent. */
    public static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void put(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8));
    }

    private static String truncate(String detail) {
        if (detail == null) {
            return "";
        }
        return detail.length() <= MAX_DETAIL_CHARS ? detail : detail.substring(0, MAX_DETAIL_CHARS) + "...";
    }
}
