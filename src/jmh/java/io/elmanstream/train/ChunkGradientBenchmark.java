package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One group of a minibatch text training step (the trainer deals its 32 streams into groups of 8,
 * {@link GroupedGradient#groups}, each one thread's task), with the weights loaded for it alone
 * (the trainer loads them once for all its groups): the gradient of 8 streams x 25 steps of a
 * 65-symbol text net with H hidden units, as matrix-matrix products over row arrays
 * ({@link BatchGradient}), the same in float ({@link FloatBatchGradient}, what training runs) with
 * the portable loops and with the Vector API kernels (in a JVM started with the module), and the
 * same with EJML's dense matrices ({@link EjmlBatchGradient}), beside the baseline in the same
 * run: each stream's own row loops ({@link SequenceGradient}), what the trainer used before.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ChunkGradientBenchmark {
    static final int STREAMS = 8;
    static final int STEPS = 25;

    @Param({"100", "256", "512"})
    int hidden;

    NetShape shape;
    double[] w, grad;
    int[] text, targets, starts;
    double[][] h;
    SequenceGradient rows;
    BatchGradient batch;
    FloatBatchGradient floats;
    EjmlBatchGradient ejml;

    @Setup
    public void setup() {
        shape = new NetShape(65, hidden, 65, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX);
        Random rnd = new Random(1);
        w = new double[shape.paramCount()];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextGaussian() * 0.05;
        grad = new double[w.length];
        text = new int[STREAMS * 1000];
        targets = new int[text.length];
        for (int i = 0; i < text.length; i++) text[i] = rnd.nextInt(65);
        System.arraycopy(text, 1, targets, 0, text.length - 1);
        starts = new int[STREAMS];
        for (int b = 0; b < STREAMS; b++) starts[b] = b * 1000;
        h = new double[STREAMS][hidden];
        rows = new SequenceGradient(shape);
        batch = new BatchGradient(shape, STREAMS);
        floats = new FloatBatchGradient(shape, STREAMS);
        ejml = new EjmlBatchGradient(shape, STREAMS);
    }

    @Benchmark
    public double rowLoops() {
        ElmanNet net = new ElmanNet(shape, w);
        double loss = 0;
        for (int b = 0; b < STREAMS; b++) {
            loss += rows.accumulate(net, text, targets, starts[b], starts[b] + STEPS, h[b], 1.0 / (STREAMS * STEPS), grad, h[b]);
        }
        return loss;
    }

    @Benchmark
    public double ejmlBatch() {
        return ejml.accumulate(w, text, targets, starts, STEPS, h, 1.0 / (STREAMS * STEPS), grad);
    }

    @Benchmark
    public double rowArrayBatch() {
        batch.load(w);
        return batch.accumulate(text, targets, starts, STEPS, h, 1.0 / (STREAMS * STEPS), grad);
    }

    /**
     * What text training runs: the same in float, here in a JVM without the Vector API (the JVM's
     * arguments replaced, not inherited from the runner's), so the products are the portable loops.
     */
    @Benchmark
    @Fork(value = 1, jvmArgs = {"-Xmx1g"})
    public double floatBatch() {
        floats.load(w);
        return floats.accumulate(text, targets, starts, STEPS, h, 1.0 / (STREAMS * STEPS), grad);
    }

    /** The same in a JVM started with the Vector API: the products by {@code VectorRowProducts}. */
    @Benchmark
    @Fork(value = 1, jvmArgs = {"-Xmx1g", "--add-modules", "jdk.incubator.vector"})
    public double floatBatchVector() {
        floats.load(w);
        return floats.accumulate(text, targets, starts, STEPS, h, 1.0 / (STREAMS * STEPS), grad);
    }

    /**
     * Floating-point operations of one chunk, counting a multiply-add as two: per step and stream
     * the recurrence forward and back and its weight gradient (3 x 2H^2), the output layer forward,
     * its weight gradient and the delta back to the hidden units (3 x 2HV); the O(H + V) rest
     * (activations, softmax, biases) is left out, so the rate it gives is a slight underestimate.
     */
    public static double flops(int hidden, int vocabulary) {
        return (double) STREAMS * STEPS * (6.0 * hidden * hidden + 6.0 * hidden * vocabulary);
    }
}
