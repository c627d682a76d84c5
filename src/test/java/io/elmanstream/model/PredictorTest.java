package io.elmanstream.model;

import io.elmanstream.testsupport.TestModels;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Surprisal as the issue defines it, computed here from the net's outputs of a whole run. */
class PredictorTest {

    private static double[] dist(Model m, double[] out) {
        double[] d = new double[m.vocabulary().size()];
        m.decode(out, d);
        return d;
    }

    @Test
    void nextSymbolSurprisalIsMinusLog2OfWhatThePreviousStepGaveTheArrivingSymbol() {
        Model hello = TestModels.hello(1, 1);
        int[] in = hello.encode("hellohelol");
        double[][] outs = hello.net().run(in);
        List<Prediction> ps = new Predictor(hello).run(in);
        assertTrue(Double.isNaN(ps.get(0).surprisal()), "nothing predicted the first symbol");
        for (int t = 1; t < in.length; t++) {
            double p = dist(hello, outs[t - 1])[in[t]];
            assertEquals(-Math.log(p) / Math.log(2), ps.get(t).surprisal(), 1e-12, "step " + t);
        }
    }

    /** What a state predicts for the next event is what the step that left the state predicted (the live page's key view). */
    @Test
    void theExpectedNextSymbolsOfAStateAreItsStepsPrediction() {
        for (Model m : List.of(TestModels.hello(1, 1), TestModels.xor(1, 1))) {
            Predictor p = new Predictor(m);
            double[] h = new double[m.net().shape().numHid()];
            double[] next = new double[h.length];
            for (int symbol : m.encode(m.spacedSymbols() ? "1 0 1 1" : "helol")) {
                Prediction step = p.step(h, symbol, next, 0);
                assertEquals(step.probabilities(), new Predictor(m).expected(next), m.name());
                assertEquals(List.copyOf(step.probabilities().keySet()), List.copyOf(p.expected(next).keySet()), "same order, most likely first");
                double[] swap = h;
                h = next;
                next = swap;
            }
        }
    }

    @Test
    void labelSurprisalIsMinusLog2OfWhatThisStepGivesTheTarget() {
        Model xor = TestModels.xor(1, 1);
        int[] in = xor.encode("1 0 0 1 1 0 1");
        int[] targets = {-1, 1, 0, 1, 0, 1, 1};
        double[][] outs = xor.net().run(in);
        List<Prediction> ps = new Predictor(xor).run(in, targets);
        assertTrue(Double.isNaN(ps.get(0).surprisal()), "no target, no surprisal");
        for (int t = 1; t < in.length; t++) {
            double p = dist(xor, outs[t])[targets[t]];
            assertEquals(-Math.log(p) / Math.log(2), ps.get(t).surprisal(), 1e-12, "step " + t);
        }
        assertTrue(new Predictor(xor).run(in).stream().allMatch(p -> Double.isNaN(p.surprisal())), "without targets, none");
    }

    /**
     * A stream keeps each step's normalizer with the state; the next step's surprisal from it must
     * be the bits of the one recomputed from the previous outputs. Here sigmoid units over several
     * symbols (the kept sum of the units); softmax's kept log normalizer in FloatStepTest and
     * ElmanTopologyTest.
     */
    @Test
    void theKeptNormalizerGivesTheRecomputedSurprisalBitForBit() {
        for (Model m : List.of(TestModels.hello(1, 1), TestModels.hello(7, 1))) {
            int[] in = m.encode("hellohelolllehohhhhoooleh");
            List<Prediction> recomputed = new Predictor(m).run(in);
            Predictor kept = new Predictor(m);
            int nh = m.net().shape().numHid();
            double[] h = new double[nh];
            double[] next = new double[nh];
            double normalizer = Double.NaN;
            for (int t = 0; t < in.length; t++) {
                Prediction p = kept.step(h, normalizer, in[t], next, t, -1);
                assertFalse(Double.isNaN(p.normalizer()), m.name() + " keeps a normalizer at step " + t);
                assertEquals(recomputed.get(t).surprisal(), p.surprisal(), 0.0, m.name() + " step " + t);
                assertArrayEquals(recomputed.get(t).topProbabilities(), p.topProbabilities(), 0.0, m.name() + " step " + t);
                normalizer = p.normalizer();
                double[] swap = h;
                h = next;
                next = swap;
            }
        }
    }

    @Test
    void aProbabilityOfZeroGivesAFiniteSurprisal() {
        assertEquals(1074.0, Predictor.bits(0.0), 1e-9);
        assertEquals(1.0, Predictor.bits(0.5), 0.0);
    }
}
