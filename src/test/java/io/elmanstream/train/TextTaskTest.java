package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.Model;
import io.elmanstream.model.Objective;
import io.elmanstream.model.Precision;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A text as a next-character task: its vocabulary, the held-out last tenth, and the unigram baseline a fit must beat. */
class TextTaskTest {

    @Test
    void theLastTenthIsHeldOutAndNeverTrainedOn() {
        String text = "abcab".repeat(400); // 2,000 characters
        TextTask t = new TextTask("t", text, 7, Activation.TANH, "src");
        assertEquals(1_800, t.trainingSymbols().length);
        assertEquals(200, t.heldOutSymbols().length);
        int[] all = new int[2_000];
        System.arraycopy(t.trainingSymbols(), 0, all, 0, 1_800);
        System.arraycopy(t.heldOutSymbols(), 0, all, 1_800, 200);
        assertArrayEquals(text.chars().map(c -> t.vocabulary().indexOf(String.valueOf((char) c))).toArray(), all, "training then held out, in the text's order");
        assertEquals(1, t.heldOutData().size());
        assertEquals(199, t.heldOutData().get(0).labelledSteps());
        assertEquals(1_799, t.trainingData().get(0).labelledSteps());
        assertEquals("src: 2000 characters, 3 distinct; 1800 for training, 200 held out", t.dataSummary());
        assertEquals(Objective.NEXT_SYMBOL, t.objective());
        assertEquals(7, t.shape().numHid());
        assertEquals(3, t.shape().numIn());
        assertEquals(Precision.CHARACTER_MODELS, t.shape().precision());
    }

    @Test
    void aTextTooShortToSplitIsCheckedOnItself() {
        TextTask t = new TextTask("t", "hello", 4, Activation.TANH, "src");
        assertTrue(t.heldOutData().isEmpty());
        assertArrayEquals(t.trainingSymbols(), t.heldOutSymbols());
        assertTrue(t.dataSummary().endsWith("5 for training, 0 held out"), t.dataSummary());
        assertThrows(IllegalArgumentException.class, () -> new TextTask("t", "a", 4, Activation.TANH, "src"));
    }

    @Test
    void theUnigramBaselineIsTheAddOneSmoothedTrainingFrequencies() {
        // training 0 0 0 1 (counts 1+3, 1+1, 1+0 of 7); held out 2 0 1: scored from the second symbol on
        double expected = -(Math.log(4 / 7.0) + Math.log(2 / 7.0)) / 2;
        assertEquals(expected, TextTask.unigramLoss(new int[]{0, 0, 0, 1}, new int[]{2, 0, 1}, 3), 1e-15);
    }

    @Test
    void aFitPassesWhenItBeatsTheBaselineOnTheHeldOutTenth() {
        TextTask t = new TextTask("t", "abcab".repeat(400), 7, Activation.TANH, "src");
        ElmanNet zero = new ElmanNet(t.shape(), new double[t.shape().paramCount()]); // uniform: worse than the unigram baseline
        Validation v = t.validate(zero);
        assertFalse(v.passed(), v.description());
        assertTrue(v.description().startsWith(String.format("held-out cross-entropy %.4f nats/char", Math.log(3))), v.description());
        Model m = TrainingSetup.text("t", "abcab".repeat(400), 7, Activation.TANH, "src", 4, 0.02, 1).trainModel(1, "t", 1);
        assertTrue(t.validate(m.net()).passed(), t.validate(m.net()).description());
        assertEquals(0.1, t.initScale());
    }
}
