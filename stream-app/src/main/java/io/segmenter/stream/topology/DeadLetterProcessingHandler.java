package io.segmenter.stream.topology;

import io.segmenter.features.validation.RejectionReason;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An exception thrown inside an operator for one record: the record's source bytes go to the
 * dead-letter topic with reason {@code processing-error} and the exception text, and
 * processing continues. A bug that hits every record would dead-letter everything, which the
 * dead-letter-rate alert catches; failing the thread instead would stop all users for one
 * record, so we chose to continue (see docs/decisions).
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

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
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (DeadLetterDeserializationHandler.isOutage(exception)) {
            // an output serializer gave up waiting for the registry: the record is fine; fail, so
            // the thread is replaced and the record is processed again once the registry answers
            LOG.warn("schema registry unavailable in {} at {}-{}@{}; failing the stream thread to retry: {}",
                    context.processorNodeId(), context.topic(), context.partition(), context.offset(), exception.getMessage());
            return Response.fail();
        }
        String reason = RejectionReason.PROCESSING_ERROR.code();
        metrics.deadLettered(reason);
        LOG.warn("processing error in {} at {}-{}@{}, record dead-lettered: {}", context.processorNodeId(),
                context.topic(), context.partition(), context.offset(), DeadLetterDeserializationHandler.describe(exception));
        return Response.resume(List.of(DeadLetters.record(deadLetterTopic, context.sourceRawKey(), context.sourceRawValue(),
                context.headers(), reason, DeadLetterDeserializationHandler.describe(exception),
                context.topic(), context.partition(), context.offset(), context.processorNodeId())));
    }
}
