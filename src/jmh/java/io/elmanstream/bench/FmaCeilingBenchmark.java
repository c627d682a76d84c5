package io.elmanstream.bench;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * This machine's multiply-add ceiling: twelve independent fused multiply-add chains in the widest
 * vectors the JVM offers here (the Vector API, so that the measurement depends on nothing the
 * auto-vectoriser decides), float and double. Twelve chains keep two FMA units busy through a
 * latency of four to six cycles. One operation of the score is one floating-point operation (a
 * multiply-add counts two), so the score in ops/s is FLOP/s; run with {@code -t 2} for two threads.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FmaCeilingBenchmark {
    private static final int CHAINS = 12;
    /** Floating-point operations per invocation, a whole number of passes for vectors of 2 to 16 lanes. */
    static final int FLOPS = 2 * CHAINS * 16 * 4096;

    float fa = 0.999f;
    float fb = 1e-4f;
    double da = 0.999;
    double db = 1e-4;

    @Benchmark
    @OperationsPerInvocation(FLOPS)
    public float floatFma() {
        var s = FloatVector.SPECIES_PREFERRED;
        FloatVector a = FloatVector.broadcast(s, fa);
        FloatVector b = FloatVector.broadcast(s, fb);
        FloatVector c0 = FloatVector.broadcast(s, 1), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        FloatVector c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (int i = FLOPS / (2 * CHAINS * s.length()); i > 0; i--) {
            c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
            c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
            c8 = c8.fma(a, b); c9 = c9.fma(a, b); c10 = c10.fma(a, b); c11 = c11.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).reduceLanes(VectorOperators.ADD);
    }

    @Benchmark
    @OperationsPerInvocation(FLOPS)
    public double doubleFma() {
        var s = DoubleVector.SPECIES_PREFERRED;
        DoubleVector a = DoubleVector.broadcast(s, da);
        DoubleVector b = DoubleVector.broadcast(s, db);
        DoubleVector c0 = DoubleVector.broadcast(s, 1), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0;
        DoubleVector c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (int i = FLOPS / (2 * CHAINS * s.length()); i > 0; i--) {
            c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
            c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
            c8 = c8.fma(a, b); c9 = c9.fma(a, b); c10 = c10.fma(a, b); c11 = c11.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).reduceLanes(VectorOperators.ADD);
    }
}
