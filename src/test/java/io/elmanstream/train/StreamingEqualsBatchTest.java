package io.elmanstream.train;

import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.Model;
import io.elmanstream.model.NetShape;
import io.elmanstream.model.Predictor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** One event at a time must give exactly what the whole-sequence passes give. */
class StreamingEqualsBatchTest {

    @Test
    void steppingEqualsTheWholeSequenceForwardPassAndCost() {
        GradientCheckCase c = GradientCheckCase.named("text");
        NetShape shape = c.shape();
        double[] params = new double[shape.paramCount()];
        Trainer.initialise(params, new Random(3), 0.5);
        ElmanNet net = new ElmanNet(shape, params);
        Sequence seq = c.data().get(0);

        double[][] whole = net.run(seq.inputs());
        double[] h = new double[shape.numHid()];
        double[] next = new double[shape.numHid()];
        double[] out = new double[shape.numOut()];
        double loss = 0;
        for (int t = 0; t < seq.length(); t++) {
            net.step(h, seq.inputs()[t], next, out);
            assertArrayEquals(whole[t], out, 0.0, "step " + t);
            loss -= Math.log(out[seq.targets()[t]]);
            double[] swap = h;
            h = next;
            next = swap;
        }
        double batch = new ElmanCost(shape, List.of(seq)).evaluate(params, new double[params.length]);
        assertEquals(batch, loss / seq.length(), 1e-12);
    }

    @Test
    void splittingIntoChunksWithCarriedStateGivesTheSameLoss() {
        GradientCheckCase c = GradientCheckCase.named("text");
        double[] params = new double[c.shape().paramCount()];
        Trainer.initialise(params, new Random(5), 0.5);
        ElmanNet net = new ElmanNet(c.shape(), params);
        Sequence seq = c.data().get(0);
        SequenceGradient sg = new SequenceGradient(c.shape());
        double whole = sg.accumulate(net, seq.inputs(), seq.targets(), 0, seq.length(), null, 1, new double[params.length], null);
        double[] h = new double[c.shape().numHid()];
        double chunks = 0;
        for (int from = 0; from < seq.length(); from += 25) {
            chunks += sg.accumulate(net, seq.inputs(), seq.targets(), from, Math.min(seq.length(), from + 25), h, 1,
                    new double[params.length], h);
        }
        assertEquals(whole, chunks, 1e-9);
    }

    @Test
    void predictorMatchesNetRun() {
        HelloTask task = new HelloTask();
        double[] p = new double[task.shape().paramCount()];
        Trainer.initialise(p, new Random(9), 1);
        ElmanNet net = new ElmanNet(task.shape(), p);
        var m = new Model("hello", 1, "hello", task.objective(), task.vocabulary(), net, null);
        int[] in = m.encode("hellohell");
        double[][] whole = net.run(in);
        var preds = new Predictor(m).run(in);
        double[] dist = new double[4];
        for (int t = 0; t < in.length; t++) {
            int best = m.decode(whole[t], dist);
            assertEquals(m.vocabulary().symbol(best), preds.get(t).predicted());
            assertEquals(dist[best], preds.get(t).probabilities().get(preds.get(t).predicted()), 0.0);
        }
    }

    @Test
    void scoreIsTheTrainingCostAndTheThresholdedAccuracyInOnePass() {
        GradientCheckCase c = GradientCheckCase.named("xor");
        double[] params = new double[c.shape().paramCount()];
        Trainer.initialise(params, new Random(11), 2);
        ElmanNet net = new ElmanNet(c.shape(), params);
        SequenceScore score = SequenceScore.of(net, c.data());
        assertEquals(new ElmanCost(c.shape(), c.data()).evaluate(params, new double[params.length]), score.crossEntropy(), 1e-12);
        Sequence seq = c.data().get(0);
        double[][] out = net.run(seq.inputs());
        long right = 0;
        for (int t = 1; t < seq.length(); t++) if ((out[t][0] > 0.5 ? 1 : 0) == seq.targets()[t]) right++;
        assertEquals(seq.length() - 1, score.steps());
        assertEquals(right, score.right());
    }
}
