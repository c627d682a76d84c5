package io.elmanstream.bench;

import io.elmanstream.train.ChunkGradientBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The training step against this machine's ceiling, in one run: {@link FmaCeilingBenchmark} on one
 * and two threads, then {@link ChunkGradientBenchmark}'s float and double steps for H = 100, 256
 * and 512 on one thread, and a table of each step's GFLOP/s as a share of the one-thread ceiling of
 * its precision.
 * {@code mvn -B -q -Pjmh test-compile exec:exec -Djmh.main=io.elmanstream.bench.CeilingReport}
 */
public final class CeilingReport {
    private CeilingReport() {
    }

    public static void main(String[] args) throws RunnerException {
        Map<String, Double> ceiling = new HashMap<>();
        for (int threads : new int[]{1, 2}) {
            Options o = new OptionsBuilder().include(FmaCeilingBenchmark.class.getName()).threads(threads).build();
            for (RunResult r : new Runner(o).run()) {
                ceiling.put(r.getParams().getBenchmark().replaceAll(".*\\.", "") + "/" + threads, r.getPrimaryResult().getScore() / 1e9);
            }
        }
        Options steps = new OptionsBuilder().include(ChunkGradientBenchmark.class.getName() + "\\.(floatBatch|floatBatchVector|rowArrayBatch)$")
                .param("hidden", "100", "256", "512").timeUnit(TimeUnit.MILLISECONDS).build();
        Collection<RunResult> results = new Runner(steps).run();

        System.out.println();
        System.out.printf("ceiling (GFLOP/s): float %.1f on one thread, %.1f on two; double %.1f on one, %.1f on two%n",
                ceiling.get("floatFma/1"), ceiling.get("floatFma/2"), ceiling.get("doubleFma/1"), ceiling.get("doubleFma/2"));
        System.out.printf("%-8s %-18s %12s %10s %22s%n", "hidden", "step", "ms / chunk", "GFLOP/s", "share of 1-thread ceiling");
        for (RunResult r : results) {
            int hidden = Integer.parseInt(r.getParams().getParam("hidden"));
            String name = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            boolean single = name.startsWith("floatBatch");
            double ms = r.getPrimaryResult().getScore();
            double gflops = ChunkGradientBenchmark.flops(hidden, 65) / (ms / 1e3) / 1e9;
            double top = ceiling.get(single ? "floatFma/1" : "doubleFma/1");
            String step = name.equals("floatBatchVector") ? "float, Vector API" : single ? "float" : "double";
            System.out.printf("%-8d %-18s %12.3f %10.1f %21.0f%%%n", hidden, step, ms, gflops, 100 * gflops / top);
        }
    }
}
