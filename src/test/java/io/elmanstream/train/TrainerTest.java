package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 17, 123})
    void xorGeneralisesToLongRandomStreams(long seed) {
        Trainer.Result r = TrainingSetup.referenceXor(seed).run(seed, null, Progress.NONE);
        assertTrue(r.validation().passed(), r.validation().description());
        // an independent check on streams neither training nor validation saw
        Random rnd = new Random(seed * 31 + 7);
        for (int[] bits : XorTask.randomStreams(rnd, 5, 1000)) assertEquals(0, XorTask.errors(r.net(), bits));
        assertEquals(0, XorTask.errors(r.net(), XorTask.TUTORIAL_CHECK));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 17, 123})
    void helloContinuesHell(long seed) {
        Trainer.Result r = TrainingSetup.referenceHello().run(seed, null, Progress.NONE);
        assertTrue(r.validation().passed(), r.validation().description());
        assertEquals("'hell' -> 'ello' (expected 'ello')", r.validation().description());
    }

    @Test
    void theTutorialsFiveBitsDoNotTeachXorAndTheReportSaysSo() {
        Trainer.Result r = TrainingSetup.xor(4, 1, List.of(new int[]{0, 0, 1, 1, 0}), 5).run(1, null, Progress.NONE);
        assertFalse(r.report().passed());
        assertEquals(4, r.report().restarts());
        assertTrue(r.report().validation().contains("held-out"));
    }

    @Test
    void trainingIsDeterministicForASeed() {
        Trainer.Result a = TrainingSetup.referenceXor(11).run(11, null, Progress.NONE);
        Trainer.Result b = TrainingSetup.referenceXor(11).run(11, null, Progress.NONE);
        assertArrayEquals(a.net().params(), b.net().params(), 0.0);
        assertEquals(a.report().restarts(), b.report().restarts());
    }

    /** Cost, gradient and a minibatch fit give the same bits on 1 core and on 4 (work split in fixed parts). */
    @Test
    void theResultDoesNotDependOnTheCoreCount() throws Exception {
        double[] one = inPool(1), four = inPool(4);
        assertEquals(one.length, four.length);
        assertArrayEquals(one, four, 0.0);
    }

    private static double[] inPool(int threads) throws Exception {
        ForkJoinPool pool = new ForkJoinPool(threads);
        try {
            // parallel streams started inside a pool's task run on that pool
            return pool.submit(TrainerTest::costGradientAndFit).get();
        } finally {
            pool.shutdown();
        }
    }

    private static double[] costGradientAndFit() {
        Random rnd = new Random(4);
        NetShape shape = new NetShape(4, 12, 4, InputEncoding.ONE_HOT,
                Activation.TANH, Activation.SOFTMAX);
        double[] params = new double[shape.paramCount()];
        for (int i = 0; i < params.length; i++) params[i] = rnd.nextGaussian() * 0.3;
        List<Sequence> data = new ArrayList<>();
        int[] text = new int[12_000];
        for (int i = 0; i < text.length; i++) text[i] = rnd.nextInt(4);
        for (int s = 0; s < 60; s++) data.add(Sequence.nextSymbol(Arrays.copyOfRange(text, s * 200, s * 200 + 201)));
        double[] grad = new double[params.length];
        double loss = new ElmanCost(shape, data).evaluate(params, grad);    // 12,000 steps: split into parts
        double[] fitted = params.clone();
        new ChunkedAdamFit(shape, text, 32, 10, 1, 0.01, 5.0).fit(fitted, Progress.NONE);
        double[] all = new double[1 + grad.length + fitted.length];
        all[0] = loss;
        System.arraycopy(grad, 0, all, 1, grad.length);
        System.arraycopy(fitted, 0, all, 1 + grad.length, fitted.length);
        return all;
    }

    @Test
    void textModelLearnsFromContext() {
        String text = "the cat sat on the mat. the dog sat on the log. ".repeat(60);
        TrainingSetup setup = TrainingSetup.text("t", text, 24, Activation.TANH, "test", 6, 0.01, 3);
        assertTrue(setup.fitter() instanceof ChunkedAdamFit);
        Trainer.Result r = setup.run(1, null, Progress.NONE);
        assertTrue(r.validation().passed(), r.validation().description());
        TextTask task = (TextTask) setup.task();
        double uniform = Math.log(task.vocabulary().size());
        assertTrue(r.report().cost() < uniform * 0.6, "cost " + r.report().cost() + " vs uniform " + uniform);
    }
}
