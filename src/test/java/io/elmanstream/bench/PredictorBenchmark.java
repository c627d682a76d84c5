package io.elmanstream.bench;

import io.elmanstream.model.Model;
import io.elmanstream.model.Prediction;
import io.elmanstream.model.Predictor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The 65/100 text net's step as the stream runs it ({@link Predictor#step}: the surprisal of the
 * event, the step, the decode and the top five), beside the bare step of the net in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PredictorBenchmark {
    Model model;
    Predictor predictor;
    double[] h, next, out;
    io.elmanstream.model.ElmanNet.Workspace workspace;
    double normalizer = Double.NaN;
    long step;
    int symbol;

    @Setup
    public void setup() {
        model = BenchModels.randomText("bench", 100, 1, 7);
        predictor = new Predictor(model);
        h = new double[100];
        next = new double[100];
        out = new double[65];
        workspace = model.net().workspace();
    }

    /** Baseline: the net's step alone (products, activations, softmax). */
    @Benchmark
    public double netStep() {
        double z = model.net().step(h, symbol, next, out, workspace);
        advance();
        return z;
    }

    @Benchmark
    public Prediction predictorStep() {
        Prediction p = predictor.step(h, normalizer, symbol, next, step, -1);
        normalizer = p.normalizer();
        step++;
        advance();
        return p;
    }

    private void advance() {
        double[] s = h;
        h = next;
        next = s;
        symbol = (symbol + 7) % 65;
    }
}
