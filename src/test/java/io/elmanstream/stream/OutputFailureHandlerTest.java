package io.elmanstream.stream;

import io.elmanstream.records.DeadLetters;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the production exception handler answers for each refused output, under each guarantee, and what it leaves for the processor. */
class OutputFailureHandlerTest {
    private final RefusedOutputs refused = new RefusedOutputs();

    private OutputFailureHandler handler(String guarantee) {
        Map<String, Object> c = new HashMap<>();
        c.put(OutputFailureHandler.REFUSED_OUTPUTS, refused);
        c.put(OutputFailureHandler.DEAD_LETTERS, new DeadLetters(4096, 1_000_000));
        c.put(OutputFailureHandler.PREDICTIONS_TOPIC, "preds");
        c.put(OutputFailureHandler.DEAD_LETTER_TOPIC, "dead");
        c.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        OutputFailureHandler h = new OutputFailureHandler();
        h.configure(c);
        return h;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, Integer partition, String value) {
        return new ProducerRecord<>(topic, partition, 1234L, "k1".getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean fails(Response r) {
        return r.result() == Result.FAIL;
    }

    @Test
    void exactlyOnceNotesTheRefusedBytesAndFailsTheTaskSoThatTheReplayKnows() {
        OutputFailureHandler h = handler(StreamsConfig.EXACTLY_ONCE_V2);
        assertTrue(fails(h.handleError(null, record("preds", 0, "{\"p\":1}"), new RecordTooLargeException("too big"))));
        String reason = refused.reason("{\"p\":1}".getBytes(StandardCharsets.UTF_8));
        assertNotNull(reason);
        assertTrue(reason.startsWith("output to preds refused: ") && reason.contains("too big"), reason);
        assertTrue(fails(h.handleError(null, record("dead", 0, "{\"d\":1}"), new RecordTooLargeException("also"))));
        assertNotNull(refused.reason("{\"d\":1}".getBytes(StandardCharsets.UTF_8)), "a refused dead letter is noted too: the replay skips it");
        assertNull(refused.nextDeadLetter(), "nothing queued under exactly-once");
    }

    @Test
    void atLeastOnceQueuesTheDeadLetterOfARefusedPredictionAndResumes() {
        OutputFailureHandler h = handler(StreamsConfig.AT_LEAST_ONCE);
        assertEquals(Result.RESUME, h.handleError(null, record("preds", 3, "{\"p\":2}"), new RecordTooLargeException("too big")).result());
        Record<byte[], byte[]> dead = refused.nextDeadLetter();
        assertNotNull(dead);
        assertEquals(1234L, dead.timestamp());
        String value = new String(dead.value(), StandardCharsets.UTF_8);
        assertTrue(value.contains("preds") && value.contains("output") && value.contains("too big"), value);
        assertNull(refused.nextDeadLetter(), "one dead letter per refused prediction");
        assertNull(refused.reason("{\"p\":2}".getBytes(StandardCharsets.UTF_8)), "nothing replays under at-least-once: no note");

        h.handleError(null, record("preds", null, "{\"p\":3}"), new RecordTooLargeException("x"));
        assertNotNull(refused.nextDeadLetter(), "a record without a partition too");

        assertEquals(0, refused.skippedDeadLetters());
        assertEquals(Result.RESUME, h.handleError(null, record("dead", 0, "{\"d\":2}"), new RecordTooLargeException("x")).result());
        assertEquals(1, refused.skippedDeadLetters(), "a refused dead letter is skipped and counted");
        assertNull(refused.nextDeadLetter());
    }

    @Test
    void anyOtherRefusedOutputFailsTheTaskUnderEitherGuarantee() {
        for (String g : new String[]{StreamsConfig.AT_LEAST_ONCE, StreamsConfig.EXACTLY_ONCE_V2}) {
            assertTrue(fails(handler(g).handleError(null, record("app-store-changelog", 0, "s"), new RecordTooLargeException("x"))), g);
        }
        assertNull(refused.reason("s".getBytes(StandardCharsets.UTF_8)));
        assertNull(refused.nextDeadLetter());
    }

    @Test
    void withoutTheSettingsItRefusesToStart() {
        assertThrows(IllegalStateException.class, () -> new OutputFailureHandler().configure(Map.of()));
    }
}
