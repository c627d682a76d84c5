package io.elmanstream.train;

import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.NetShape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Mean cross-entropy over the labelled steps of a set of sequences, with its exact gradient
 * through time. Large sets are split into {@link #WORK_PARTS} parts, each with its own scratch
 * and gradient buffer, run on the available cores and summed in part order: how the work is split
 * does not depend on the machine, so neither does any bit of the result.
 */
public final class ElmanCost implements CostFunction {
    /** Below this many steps a second thread costs more than it saves. */
    private static final int PARALLEL_STEPS = 8_000;
    /** A fixed number of work parts, not the core count, so that a run is a function of its seed on any machine. */
    static final int WORK_PARTS = 8;

    private final NetShape shape;
    private final int labelled;
    private final List<List<Sequence>> parts;
    private final SequenceGradient[] scratch;
    private final double[][] partGrads;

    public ElmanCost(NetShape shape, List<Sequence> sequences) {
        this(shape, sequences, false);
    }

    /**
     * The same cost with the tutorial's gradient, which treats the context units as constant inputs
     * (backpropagation stops after one step). Kept only to measure how wrong that is.
     */
    public static ElmanCost withTutorialGradient(NetShape shape, List<Sequence> sequences) {
        return new ElmanCost(shape, sequences, true);
    }

    private ElmanCost(NetShape shape, List<Sequence> sequences, boolean oneStep) {
        this.shape = shape;
        this.labelled = sequences.stream().mapToInt(Sequence::labelledSteps).sum();
        if (labelled == 0) throw new IllegalArgumentException("training data has no labelled step");
        long steps = sequences.stream().mapToLong(Sequence::length).sum();
        int threads = steps >= PARALLEL_STEPS ? Math.min(WORK_PARTS, sequences.size()) : 1;
        this.parts = split(sequences, Math.max(1, threads));
        this.scratch = new SequenceGradient[parts.size()];
        this.partGrads = new double[parts.size()][];
        for (int i = 0; i < parts.size(); i++) {
            scratch[i] = new SequenceGradient(shape, oneStep);
            partGrads[i] = i == 0 ? null : new double[shape.paramCount()];
        }
    }

    private static List<List<Sequence>> split(List<Sequence> all, int n) {
        List<List<Sequence>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new ArrayList<>());
        long[] load = new long[n];
        for (Sequence s : all) {
            int best = 0;
            for (int i = 1; i < n; i++) if (load[i] < load[best]) best = i;
            out.get(best).add(s);
            load[best] += s.length();
        }
        return out;
    }

    @Override
    public double evaluate(double[] params, double[] grad) {
        ElmanNet net = new ElmanNet(shape, params);
        Arrays.fill(grad, 0);
        double scale = 1.0 / labelled;
        if (parts.size() == 1) return part(0, net, grad, scale) / labelled;
        double[] losses = new double[parts.size()];
        IntStream.range(0, parts.size()).parallel().forEach(i -> {
            double[] g = i == 0 ? grad : partGrads[i];
            if (i != 0) Arrays.fill(g, 0);
            losses[i] = part(i, net, g, scale);
        });
        double loss = 0;
        for (int i = 0; i < parts.size(); i++) {
            loss += losses[i];
            if (i > 0) for (int p = 0; p < grad.length; p++) grad[p] += partGrads[i][p];
        }
        return loss / labelled;
    }

    private double part(int i, ElmanNet net, double[] grad, double scale) {
        double loss = 0;
        for (Sequence s : parts.get(i)) {
            loss += scratch[i].accumulate(net, s.inputs(), s.targets(), 0, s.length(), null, scale, grad, null);
        }
        return loss;
    }
}
