package io.elmanstream.stream;

import io.elmanstream.records.DeadLetters;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Kafka Streams' production exception handler for the app: an output the broker refuses never
 * fails the stream for good. The processor already keeps every output within the producer's and
 * the topics' size limits as they were at start, so this sees only what it cannot know (a topic's
 * limit lowered while running, a broker-side policy). A refused prediction becomes a dead letter
 * with the broker's reason; a refused dead letter is logged with where it came from and skipped.
 *
 * <p>At-least-once: the prediction is skipped and its dead letter (built from the refused
 * prediction, which names key and step) is queued in {@link RefusedOutputs} for the processor to
 * write: this handler runs on the producer's I/O thread, and a dead letter returned from here would
 * be sent from that thread, which then blocks on the dead-letter topic's metadata it is itself
 * meant to fetch.
 *
 * <p>Exactly-once: a failed send aborts the transaction whatever a handler answers. The refused
 * bytes are noted in {@link RefusedOutputs} and the task fails: its thread is replaced and replays
 * from the last commit, and there the processor writes the dead letter (from the input record)
 * instead of the refused prediction, or skips the refused dead letter. Each refused output costs
 * one thread replacement, once; the replacement waits out the old member's session timeout.
 *
 * <p>Any other refused record (a changelog write) fails the task, as Kafka's default handler does,
 * so no state update is lost.
 */
public final class OutputFailureHandler implements ProductionExceptionHandler {
    /** Internal: the instance's {@link RefusedOutputs}, passed as an object in the Streams properties. */
    static final String REFUSED_OUTPUTS = "elman.internal.refused.outputs";
    static final String PREDICTIONS_TOPIC = "elman.internal.predictions.topic";
    static final String DEAD_LETTER_TOPIC = "elman.internal.deadletter.topic";
    static final String DEAD_LETTERS = "elman.internal.deadletters";
    static final String STAGE = "output";
    private static final Logger LOG = LoggerFactory.getLogger(OutputFailureHandler.class);

    private RefusedOutputs refused;
    private DeadLetters deadLetters;
    private String predictionsTopic;
    private String deadLetterTopic;
    private boolean exactlyOnce;

    @Override
    public void configure(Map<String, ?> configs) {
        refused = (RefusedOutputs) configs.get(REFUSED_OUTPUTS);
        deadLetters = (DeadLetters) configs.get(DEAD_LETTERS);
        predictionsTopic = (String) configs.get(PREDICTIONS_TOPIC);
        deadLetterTopic = (String) configs.get(DEAD_LETTER_TOPIC);
        exactlyOnce = !StreamsConfig.AT_LEAST_ONCE.equals(String.valueOf(configs.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)));
        if (refused == null || deadLetters == null || predictionsTopic == null || deadLetterTopic == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " needs the settings StreamsSettings.of gives it");
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        String reason = "output to " + record.topic() + " refused: " + exception;
        boolean prediction = record.topic().equals(predictionsTopic);
        if (!prediction && !record.topic().equals(deadLetterTopic)) {
            LOG.warn("{}; the task fails and replays", reason);
            return Response.fail();
        }
        if (exactlyOnce) {
            refused.note(record.value(), reason);
            LOG.warn("{}; the transaction aborts, and the replay {}", reason, prediction ? "writes a dead letter instead" : "skips it");
            return Response.fail();
        }
        if (prediction) {
            LOG.warn("{}; written as a dead letter", reason);
            int partition = record.partition() == null ? -1 : record.partition();
            refused.deadLetterLater(new Record<>(deadLetters.recordKey(record.key()),
                    deadLetters.value(record.topic(), partition, -1, record.key(), record.value(), STAGE, reason), record.timestamp()));
        } else {
            refused.skippedDeadLetter();
            LOG.error("{}: dead letter skipped", reason);
        }
        return Response.resume();
    }
}
