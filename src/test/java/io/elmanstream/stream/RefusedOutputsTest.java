package io.elmanstream.stream;

import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The refused outputs' notes: by exact bytes, bounded, and nothing for a good event to find. */
class RefusedOutputsTest {

    @Test
    void aNoteIsFoundByItsExactBytesOnlyAndSurvivesTheCallersArray() {
        RefusedOutputs r = new RefusedOutputs();
        byte[] refused = {1, 2, 3};
        assertNull(r.reason(refused), "nothing noted yet");
        r.note(refused, "too big");
        refused[0] = 9; // the caller's array changes after the note
        assertEquals("too big", r.reason(new byte[]{1, 2, 3}));
        assertNull(r.reason(new byte[]{1, 2}));
        assertNull(r.reason(null));
        r.note(null, "no value");
        assertNull(r.nextDeadLetter(), "a note queues no dead letter");
    }

    @Test
    void pastTheLimitTheNotesAreForgottenAtOnce() {
        RefusedOutputs r = new RefusedOutputs();
        for (int i = 0; i < RefusedOutputs.MAX_NOTES; i++) r.note(new byte[]{(byte) i, (byte) (i >> 8)}, "n" + i);
        assertEquals("n0", r.reason(new byte[]{0, 0}), "the limit itself is kept");
        r.note(new byte[]{1, 2, 3, 4}, "last");
        assertNull(r.reason(new byte[]{0, 0}), "the earlier notes are gone");
        assertEquals("last", r.reason(new byte[]{1, 2, 3, 4}));
    }

    @Test
    void deadLettersComeOutInTheOrderTheyWereQueued() {
        RefusedOutputs r = new RefusedOutputs();
        Record<byte[], byte[]> a = new Record<>(new byte[]{1}, new byte[]{1}, 1);
        Record<byte[], byte[]> b = new Record<>(new byte[]{2}, new byte[]{2}, 2);
        r.deadLetterLater(a);
        r.deadLetterLater(b);
        assertSame(a, r.nextDeadLetter());
        assertSame(b, r.nextDeadLetter());
        assertNull(r.nextDeadLetter());
        r.skippedDeadLetter();
        r.skippedDeadLetter();
        assertEquals(2, r.skippedDeadLetters());
    }
}
