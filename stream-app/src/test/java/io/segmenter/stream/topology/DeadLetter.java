package io.segmenter.stream.topology;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record of the dead-letter topic as the tests compare it: key, value decoded with its source
 * topic's serde (or the raw bytes as hex when undecodable or from an internal topic), every header as text, and
 * the record timestamp.
 */
record DeadLetter(String key, Object value, Map<String, String> headers, Instant timestamp) {

    static final int SOURCE_PARTITION = 0;

    /** The headers a validation rejection carries (input topics have one partition in the driver). */
    static Map<String, String> headers(String reason, String detail, String sourceTopic, long sourceOffset,
                                       String processor) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(DeadLetters.REASON, reason);
        headers.put(DeadLetters.DETAIL, detail);
        headers.put(DeadLetters.SOURCE_TOPIC, sourceTopic);
        headers.put(DeadLetters.SOURCE_PARTITION, Integer.toString(SOURCE_PARTITION));
        headers.put(DeadLetters.SOURCE_OFFSET, Long.toString(sourceOffset));
        headers.put(DeadLetters.PROCESSOR, processor);
        return headers;
    }
}
