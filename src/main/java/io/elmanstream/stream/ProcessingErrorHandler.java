package io.elmanstream.stream;

import io.elmanstream.records.DeadLetters;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Kafka Streams' processing exception handler for the app: anything our own validation did not
 * foresee that throws inside a processor still ends as one bounded dead letter (stage
 * {@code processing}) in our format, and processing goes on. Kafka's built-in handler would copy
 * the whole raw record into its dead letter, which can exceed what the producer accepts.
 */
public final class ProcessingErrorHandler implements ProcessingExceptionHandler {
    static final String STAGE = "processing";
    private static final Logger LOG = LoggerFactory.getLogger(ProcessingErrorHandler.class);
    private DeadLetters deadLetters;
    private String deadLetterTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = (DeadLetters) configs.get(OutputFailureHandler.DEAD_LETTERS);
        deadLetterTopic = (String) configs.get(OutputFailureHandler.DEAD_LETTER_TOPIC);
        if (deadLetters == null || deadLetterTopic == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " needs the settings StreamsSettings.of gives it");
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        LOG.error("unexpected error processing {}-{} offset {}; written as a dead letter", context.topic(), context.partition(),
                context.offset(), exception);
        byte[] key = context.sourceRawKey();
        byte[] letter = deadLetters.value(context.topic(), context.partition(), context.offset(), key, context.sourceRawValue(),
                STAGE, exception.toString());
        return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null, context.timestamp(), deadLetters.recordKey(key), letter)));
    }
}
