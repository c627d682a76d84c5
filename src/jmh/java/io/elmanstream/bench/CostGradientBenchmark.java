package io.elmanstream.bench;

import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.NetShape;
import io.elmanstream.train.ElmanCost;
import io.elmanstream.train.GradientCheckCase;
import io.elmanstream.train.HelloTask;
import io.elmanstream.train.Sequence;
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

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Cost and exact gradient through time, beside a baseline in the same run: the forward pass
 * alone (cost without gradient), so the ratio shows what backpropagation through time adds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CostGradientBenchmark {
    @Param({"xor200", "hello"})
    String task;

    ElmanCost cost;
    NetShape shape;
    double[] params, grad;
    List<Sequence> data;

    @Setup
    public void setup() {
        GradientCheckCase c = GradientCheckCase.named(task.equals("xor200") ? "xor" : "hello");
        data = task.equals("xor200") ? c.data() : new HelloTask().trainingData();
        shape = c.shape();
        cost = new ElmanCost(shape, data);
        params = new double[c.shape().paramCount()];
        Random rnd = new Random(1);
        for (int i = 0; i < params.length; i++) params[i] = rnd.nextDouble() * 2 - 1;
        grad = new double[params.length];
    }

    @Benchmark
    public double costAndGradient() {
        return cost.evaluate(params, grad);
    }

    @Benchmark
    public double forwardOnly() {
        var net = new ElmanNet(shape, params);
        double s = 0;
        for (Sequence seq : data) s += net.run(seq.inputs())[seq.length() - 1][0];
        return s;
    }
}
