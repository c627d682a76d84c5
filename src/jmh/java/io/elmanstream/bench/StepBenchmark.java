package io.elmanstream.bench;

import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.Model;
import io.elmanstream.model.NetShape;
import io.elmanstream.model.Objective;
import io.elmanstream.model.Precision;
import io.elmanstream.model.Prediction;
import io.elmanstream.model.Predictor;
import io.elmanstream.model.Vocabulary;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One streaming step of the net ({@link ElmanNet#step}), beside a baseline in the same run: the
 * same step written with EJML's dense matrix-vector products (context x W_ctx, hidden x W_out).
 * Also the step as the stream runs it ({@link Predictor#step}), against the bare step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StepBenchmark {
    @Param({"xor", "hello", "text65x100", "text65x100float32", "text65x100half"})
    String net;

    ElmanNet elman;
    double[] h, next, out;
    ElmanNet.Workspace workspace;
    int symbol;
    int vocab;
    DMatrixRMaj wCtx, wOut, hVec, zVec, oVec;
    Predictor predictor;
    double normalizer = Double.NaN;
    long step;

    @Setup
    public void setup() {
        NetShape shape = switch (net) {
            case "xor" -> new NetShape(1, 4, 1, InputEncoding.BIT, Activation.SIGMOID, Activation.SIGMOID);
            case "hello" -> new NetShape(4, 10, 4, InputEncoding.ONE_HOT, Activation.SIGMOID, Activation.SIGMOID);
            case "text65x100" -> new NetShape(65, 100, 65, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX);
            case "text65x100float32" -> new NetShape(65, 100, 65, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX, Precision.FLOAT32);
            default -> new NetShape(65, 100, 65, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX, Precision.FLOAT32_HALF_STATE);
        };
        Random rnd = new Random(1);
        double[] p = new double[shape.paramCount()];
        for (int i = 0; i < p.length; i++) p[i] = rnd.nextGaussian() * 0.1;
        elman = new ElmanNet(shape, p);
        h = new double[shape.numHid()];
        next = new double[shape.numHid()];
        out = new double[shape.numOut()];
        workspace = elman.workspace();
        vocab = shape.encoding() == InputEncoding.BIT ? 2 : shape.numIn();
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < vocab; i++) symbols.add(Character.toString(BenchModels.ALPHABET.charAt(i)));
        predictor = new Predictor(new Model("bench", 1, "bench", Objective.NEXT_SYMBOL, new Vocabulary(symbols), elman, null));
        int nh = shape.numHid();
        wCtx = new DMatrixRMaj(nh, nh);
        wOut = new DMatrixRMaj(nh, shape.numOut());
        System.arraycopy(p, shape.contextOffset(), wCtx.data, 0, nh * nh);
        System.arraycopy(p, shape.theta1Size(), wOut.data, 0, nh * shape.numOut());
        hVec = new DMatrixRMaj(nh, 1);
        zVec = new DMatrixRMaj(nh, 1);
        oVec = new DMatrixRMaj(shape.numOut(), 1);
    }

    @Benchmark
    public double elmanStep() {
        elman.step(h, symbol, next, out, workspace);
        double[] s = h;
        h = next;
        next = s;
        symbol = (symbol + 1) % vocab;
        return out[0];
    }

    /**
     * The step as the stream runs it, with the previous step's normalizer kept as the key state
     * keeps it: the event's surprisal, the step, the decode and the top five.
     */
    @Benchmark
    public Prediction predictorStep() {
        Prediction p = predictor.step(h, normalizer, symbol, next, step++, -1);
        normalizer = p.normalizer();
        double[] s = h;
        h = next;
        next = s;
        symbol = (symbol + 1) % vocab;
        return p;
    }

    /** Baseline: the two matrix-vector products of a step with EJML, plus the same activations. */
    @Benchmark
    public double ejmlStep() {
        NetShape s = elman.shape();
        double[] w = elman.params();
        CommonOps_DDRM.multTransA(wCtx, hVec, zVec);
        int row = s.encoding() == InputEncoding.ONE_HOT ? symbol * s.numHid() : 0;
        for (int j = 0; j < s.numHid(); j++) zVec.data[j] += w[row + j] + w[s.hiddenBiasOffset() + j];
        s.hidden().apply(zVec.data, s.numHid());
        CommonOps_DDRM.multTransA(wOut, zVec, oVec);
        for (int j = 0; j < s.numOut(); j++) oVec.data[j] += w[s.outputBiasOffset() + j];
        s.output().apply(oVec.data, s.numOut());
        System.arraycopy(zVec.data, 0, hVec.data, 0, s.numHid());
        symbol = (symbol + 1) % vocab;
        return oVec.data[0];
    }
}
