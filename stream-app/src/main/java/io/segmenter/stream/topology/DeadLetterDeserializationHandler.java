package io.segmenter.stream.topology;

import io.segmenter.features.validation.RejectionReason;
import io.segmenter.schemas.registry.SchemaRegistryUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bad bytes on an input topic (not Avro, wrong magic byte, unknown schema id, wrong schema):
 * the original record goes to the dead-letter topic with reason {@code undecodable} and
 * processing continues. Configured through {@code deserialization.exception.handler}; the
 * dead-letter topic comes from {@code errors.dead.letter.queue.topic.name}.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private String deadLetterTopic;
    private TopologyMetrics metrics = TopologyMetrics.NONE;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetterTopic = Objects.requireNonNull((String) configs.get(SegmentationTopology.DEAD_LETTER_TOPIC_CONFIG),
                SegmentationTopology.DEAD_LETTER_TOPIC_CONFIG + " must be set");
        Object m = configs.get(TopologyMetrics.CONFIG);
        if (m instanceof TopologyMetrics given) {
            metrics = given;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (isOutage(exception)) {
            // The registry being down says nothing about the record: fail, so the thread is
            // replaced and the record is read again once the registry answers.
            LOG.warn("schema registry unavailable while decoding {}-{}@{}; failing the stream thread to retry: {}",
                    context.topic(), context.partition(), context.offset(), exception.getMessage());
            return Response.fail();
        }
        String reason = (exception instanceof OversizedRecordException ? RejectionReason.OVERSIZED : RejectionReason.UNDECODABLE).code();
        metrics.deadLettered(reason);
        LOG.debug("{} record at {}-{}@{}: {}", reason, context.topic(), context.partition(), context.offset(), exception.getMessage());
        return Response.resume(List.of(DeadLetters.record(deadLetterTopic, record.key(), record.value(), record.headers(),
                reason, describe(exception), context.topic(), context.partition(), context.offset(), context.processorNodeId())));
    }

    static boolean isOutage(Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryUnavailableException || t instanceof InterruptException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static String describe(Throwable exception) {
        StringBuilder text = new StringBuilder(exception.getClass().getSimpleName()).append(": ").append(exception.getMessage());
        Throwable cause = exception.getCause();
        if (cause != null && cause != exception) {
            text.append(" (caused by ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(')');
        }
        return text.toString();
    }
}
