package io.elmanstream.stream;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Kafka Streams' production exception handler for the app: an output the broker or producer refuses
 * never fails the task for good. The processor already keeps every output within the producer's and
 * the topics' size limits, so this sees only what it cannot know (a topic's limit lowered while
 * running, a broker-side policy). A refused prediction becomes a dead letter with the reason; a
 * refused dead letter is logged with where it came from and skipped.
 *
 * <p>At-least-once: the dead letter is written here, from the refused prediction itself (the send
 * fails asynchronously, so which input it came from is in the prediction, not in the context).
 * Exactly-once: a failed send aborts the transaction whatever a handler answers, and the task
 * replays its input; the refused bytes are noted in {@link RefusedOutputs}, so the replay writes
 * the dead letter (from the input record) or skips, instead of failing again.
 */
public final class OutputFailureHandler implements ProductionExceptionHandler {
    /** Internal: the instance's {@link RefusedOutputs}, passed as an object in the Streams properties. */
    static final String REFUSED_OUTPUTS = "elman.internal.refused.outputs";
    static final String DEAD_LETTER_TOPIC = "elman.internal.deadletter.topic";
    static final String DEAD_LETTERS = "elman.internal.deadletters";
    static final String STAGE = "output";
    private static final Logger LOG = LoggerFactory.getLogger(OutputFailureHandler.class);

    private RefusedOutputs refused;
    private DeadLetters deadLetters;
    private String deadLetterTopic;
    private boolean exactlyOnce;

    @Override
    public void configure(Map<String, ?> configs) {
        refused = (RefusedOutputs) configs.get(REFUSED_OUTPUTS);
        deadLetters = (DeadLetters) configs.get(DEAD_LETTERS);
        deadLetterTopic = (String) configs.get(DEAD_LETTER_TOPIC);
        exactlyOnce = !StreamsConfig.AT_LEAST_ONCE.equals(String.valueOf(configs.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
        if (refused == null || deadLetters == null || deadLetterTopic == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " needs the settings StreamsSettings.of gives it");
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        String reason = "output to " + record.topic() + " refused: " + exception;
        if (record.topic().equals(deadLetterTopic)) {
            LOG.error("dead letter for {}-{} offset {} (task {}) could not be written and is skipped: {}", context.topic(),
                    context.partition(), context.offset(), context.taskId(), exception.toString());
            if (exactlyOnce) refused.note(record.value(), reason);
            return Response.resume();
        }
        if (exactlyOnce) {
            LOG.warn("{}; the transaction aborts and the replayed event becomes a dead letter", reason);
            refused.note(record.value(), reason);
            return Response.resume();
        }
        LOG.warn("{}; written as a dead letter", reason);
        byte[] letter = deadLetters.value(record.topic(), record.partition() == null ? -1 : record.partition(), -1,
                record.key(), record.value(), STAGE, reason);
        return Response.resume(List.of(new ProducerRecord<>(deadLetterTopic, null, record.timestamp(), deadLetters.recordKey(record.key()), letter)));
    }
}
