package io.elmanstream.retrain;

import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.Objective;
import io.elmanstream.model.Precision;
import io.elmanstream.train.Sequence;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A retrain task's layout from the data, its split by key, what it drops, its baseline and its check. */
class RetrainTaskTest {

    private static List<ArchivedSequence> textKeys(int keys) {
        List<ArchivedSequence> out = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            List<String> symbols = Arrays.asList("a b c a b c d".split(" "));
            out.add(new ArchivedSequence("key-" + k, "m", symbols, Collections.nCopies(symbols.size(), null)));
        }
        return out;
    }

    @Test
    void sequencesWithoutTargetsMakeANextSymbolTaskSplitByKey() {
        List<ArchivedSequence> data = textKeys(60);
        data.add(new ArchivedSequence("lonely", "m", List.of("a"), Collections.nCopies(1, null))); // one symbol: nothing to predict
        RetrainTask t = new RetrainTask("m", data, null, 6, 0.5);
        assertEquals(Objective.NEXT_SYMBOL, t.objective());
        assertEquals(List.of("a", "b", "c", "d"), t.vocabulary().symbols(), "sorted");
        assertEquals(Activation.SOFTMAX, t.shape().output());
        assertEquals(InputEncoding.ONE_HOT, t.shape().encoding());
        assertEquals(Precision.CHARACTER_MODELS, t.shape().precision());
        assertEquals(6, t.shape().numHid());
        long held = data.stream().limit(60).filter(s -> RetrainTask.heldOut(s.key())).count();
        assertEquals(held, t.heldOutData().size(), "every fifth key by hash is held out");
        assertEquals(60 - held, t.trainingData().size());
        assertTrue(held > 0 && held < 30, "about a fifth: " + held);
        assertTrue(t.dataSummary().contains("(" + (60 - held) + " training, " + held + " validation keys' sequences, 1 unusable)"), t.dataSummary());
        assertEquals("m", t.name());
        assertEquals(1.0, t.initScale());
    }

    @Test
    void labelledBitsMakeABitEncodedSigmoidTaskAndItsCheckIsTheRequiredAccuracyOnTrainingKeys() {
        List<ArchivedSequence> data = new ArrayList<>();
        for (int k = 0; k < 60; k++) {
            data.add(new ArchivedSequence("k" + k, "x", List.of("0", "1", "1", "0"), Arrays.asList(null, "1", "0", "1")));
        }
        RetrainTask t = new RetrainTask("x", data, null, 4, 0.6);
        assertEquals(Objective.LABEL, t.objective());
        assertEquals(InputEncoding.BIT, t.shape().encoding());
        assertEquals(1, t.shape().numIn());
        assertEquals(1, t.shape().numOut());
        assertEquals(Precision.FLOAT64, t.shape().precision());
        assertEquals(2.0, t.initScale());
        // an all-zero net says 0.5: right on no step whose target is 1, on all whose target is 0 (a third)
        ElmanNet zero = new ElmanNet(t.shape(), new double[t.shape().paramCount()]);
        assertFalse(t.validate(zero).passed(), t.validate(zero).description());
        assertTrue(t.validate(zero).description().startsWith("training keys: accuracy "), t.validate(zero).description());
        assertTrue(t.withRequiredAccuracy(0).validate(zero).passed(), "the same data with another pass mark");
        // the baseline: ones are 2 of 3 labelled steps, so it says 1 everywhere
        double p = t.baseline().run(new int[]{0})[0][0];
        assertEquals((2.0 * t.trainingData().size() + 1) / (3.0 * t.trainingData().size() + 2), p, 1e-12);
    }

    @Test
    void badArchivesAreRefusedWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RetrainTask("m", List.of(), null, 4, 0.5))
                .getMessage().contains("the archive holds no sequences of model 'm'"));
        List<ArchivedSequence> few = textKeys(3);
        assertThrows(IllegalArgumentException.class, () -> new RetrainTask("m", few, null, 4, 0.5), "too few held-out keys to judge by");
    }

    @Test
    void aStreamedTaskHoldsTheHeldOutKeysAndCountsTheTrainingSymbolsForItsBaseline() {
        List<ArchivedSequence> held = textKeys(200).stream().filter(s -> RetrainTask.heldOut(s.key())).limit(10).toList();
        RetrainTask t = RetrainTask.heldOutOnly("m", held, Set.of("a", "b", "c", "d", "e"), Map.of("a", 7L, "b", 1L, "z", 100L), null, 5, "streamed 9 chunks");
        assertEquals(10, t.heldOutData().size(), "every sequence given is held out");
        assertTrue(t.trainingData().isEmpty());
        assertTrue(t.validate(null).passed());
        assertEquals("trained streamed: judged on the held-out keys only", t.validate(null).description());
        assertTrue(t.dataSummary().startsWith("streamed 9 chunks; held out: 10 sequences (0 unusable), 60 steps"), t.dataSummary());
        double[] p = t.baseline().run(new int[]{0})[0];
        // a 8, b 2, c 1, d 1, e 1 of 13 (add-one; z is outside the vocabulary); a character model computes in float
        assertEquals(8 / 13.0, p[0], 1e-6);
        assertEquals(2 / 13.0, p[1], 1e-6);
        assertEquals(1 / 13.0, p[4], 1e-6);
    }
}
