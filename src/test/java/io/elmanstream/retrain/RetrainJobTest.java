package io.elmanstream.retrain;

import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.Model;
import io.elmanstream.model.Objective;
import io.elmanstream.train.Progress;
import io.elmanstream.train.TrainingSetup;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.elmanstream.testsupport.XorArchives.withHeldOut;
import static io.elmanstream.testsupport.XorArchives.xorArchive;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retrain gate: held-out keys only, a minimum to judge by, and publish only what is better beyond noise. */
class RetrainJobTest {
    private static final Model XOR = TrainingSetup.referenceXor(3).trainModel(3, "xor", 1);

    private static Model scrambled(Model m, long seed) {
        Random rnd = new Random(seed);
        double[] w = new double[m.net().params().length];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextGaussian();
        return new Model(m.name(), m.version(), m.task(), m.objective(), m.vocabulary(), new ElmanNet(m.net().shape(), w), m.report());
    }

    private static RetrainJob job() {
        return new RetrainJob(4, 20, 1);
    }

    @Test
    void twoKeysHoldNothingOutAndAreRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> job().run("xor", xorArchive(2, 100, false, 1), XOR, false, false, Progress.NONE));
        assertTrue(e.getMessage().startsWith("only 0 held-out sequences"), e.getMessage());
        assertTrue(e.getMessage().contains("at least " + PairedComparison.MIN_SEQUENCES), e.getMessage());
    }

    @Test
    void aGoodServingModelIsNotReplacedByARetrainOnTheSameData() {
        var o = job().run("xor", withHeldOut(24, 10, 40, false, 2), XOR, false, false, Progress.NONE);
        assertFalse(o.publish(), o.reason());
        assertTrue(o.reason().startsWith("not better than the serving version"), o.reason());
        assertEquals(1.0, o.currentScore().accuracy(), "the serving model is perfect on real xor");
    }

    @Test
    void aBetterCandidateIsPublishedAsTheNextVersionWithTheDecidingMeasure() {
        Model bad = scrambled(XOR, 5).withVersion(7);
        var o = job().run("xor", withHeldOut(24, 10, 40, false, 3), bad, true, false, Progress.NONE);
        assertTrue(o.publish(), o.reason());
        assertEquals(8, o.candidate().version());
        assertTrue(o.reason().startsWith("better than the serving version on the held-out sequences: cross-entropy "), o.reason());
        assertTrue(o.candidateScore().accuracy() > o.currentScore().accuracy());
    }

    /** The outside audit's case: a model fitted to random targets, challenged by another fit to random targets. */
    @Test
    void aFitToNoiseDoesNotReplaceAnotherFitToNoise() {
        Model serving = job().run("xor", withHeldOut(16, 10, 40, true, 4), null, false, false, Progress.NONE).candidate();
        var o = job().run("xor", withHeldOut(16, 10, 40, true, 5), serving, true, false, Progress.NONE);
        assertFalse(o.publish(), o.reason());
        var forced = job().run("xor", withHeldOut(16, 10, 40, true, 5), serving, true, true, Progress.NONE);
        assertTrue(forced.publish());
        assertTrue(forced.reason().endsWith("(published anyway: --force)"), forced.reason());
    }

    /**
     * A random-weight model is overconfident and wrong: an honest fit to noise is truly better than it, but not better than
     * the constant baseline, so it is not published, and the line says which comparison stopped it.
     */
    @Test
    void aFitToNoiseThatBeatsAnOverconfidentModelIsStillNotPublishedAsItDoesNotBeatTheBaseline() {
        var o = job().run("xor", withHeldOut(24, 10, 40, true, 4), scrambled(XOR, 6), true, false, Progress.NONE);
        assertFalse(o.publish(), o.reason());
        assertTrue(o.reason().startsWith("not better than the constant baseline (the training keys' label frequencies) on the held-out "
                + "sequences, though better than the serving version: "), o.reason());
    }

    @Test
    void aNewModelIsCreatedOnlyWhenItBeatsTheConstantBaseline() {
        var xor = job().run("xor", withHeldOut(24, 10, 40, false, 8), null, false, false, Progress.NONE);
        assertTrue(xor.publish(), xor.reason());
        assertTrue(xor.reason().startsWith("better than the constant baseline (the training keys' label frequencies), as no version was serving"),
                xor.reason());
        var noise = job().run("xor", withHeldOut(24, 10, 40, true, 9), null, false, false, Progress.NONE);
        assertFalse(noise.publish(), noise.reason());
        assertTrue(noise.reason().startsWith("not better than the constant baseline"), noise.reason());
    }

    @Test
    void labelModelEventsWithoutTargetsSaySo() {
        List<ArchivedSequence> unlabelled = List.of(new ArchivedSequence("k", "xor", List.of("1", "0", "1", "1", "0", "0"),
                Arrays.asList(null, null, null, null, null, null)));
        var e = assertThrows(IllegalArgumentException.class, () -> job().run("xor", unlabelled, XOR, false, false, Progress.NONE));
        assertEquals("0 of 6 xor events carry a target; produce with --targets", e.getMessage());
    }

    @Test
    void aNextSymbolModelIsCreatedThenNotReplacedByItsOwnRetrain() {
        List<ArchivedSequence> words = new ArrayList<>();
        for (int k = 0, heldOut = 0; heldOut < 10; k++) {
            List<String> s = "hellohello".chars().mapToObj(Character::toString).toList();
            if (RetrainTask.heldOut("w" + k)) heldOut++;
            words.add(new ArchivedSequence("w" + k, "hello", s, Collections.nCopies(s.size(), null)));
        }
        var created = new RetrainJob(8, 20, 1).run("hello", words, null, false, false, Progress.NONE);
        assertTrue(created.publish(), created.reason());
        assertEquals(Objective.NEXT_SYMBOL, created.candidate().objective());
        assertEquals(1, created.candidate().version());
        assertTrue(created.candidateScore().accuracy() > 0.7, "learns the word: " + created.candidateScore().accuracy());
        var again = new RetrainJob(8, 20, 1).run("hello", words, created.candidate(), false, false, Progress.NONE);
        assertFalse(again.publish(), again.reason());
    }
}
