package io.elmanstream.train;

import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.NetShape;
import io.elmanstream.model.TrainingReport;

import java.util.Random;

/**
 * Trains a task to a fit that passes its validation check: each attempt starts from fresh random
 * weights (or the warm start, first), runs the fitter, and is judged on held-out data; attempts go
 * on until one passes or the cap is reached. The whole run is a function of the seed.
 */
public final class Trainer {

    /** The accepted net (or, if none passed, the attempt with the lowest training cost) and its report. */
    public record Result(ElmanNet net, TrainingReport report, Validation validation) {
    }

    private final int maxAttempts;

    public Trainer(int maxAttempts) {
        if (maxAttempts < 1) throw new IllegalArgumentException("at least one attempt is needed");
        this.maxAttempts = maxAttempts;
    }

    public Result train(TrainingTask task, Fitter fitter, long seed, double[] warmStart, Progress progress) {
        long start = System.nanoTime();
        NetShape shape = task.shape();
        Random rnd = new Random(seed);
        long evaluations = 0;
        double[] params = new double[shape.paramCount()];
        ElmanNet net = null;
        OptimizerResult fit = null;
        Validation validation = null;
        ElmanNet best = null;
        OptimizerResult bestFit = null;
        Validation bestValidation = null;
        int attempt = 0;
        for (; attempt < maxAttempts; attempt++) {
            if (attempt == 0 && warmStart != null) {
                System.arraycopy(warmStart, 0, params, 0, params.length);
            } else {
                initialise(params, rnd, task.initScale());
            }
            fit = fitter.fit(params, progress);
            evaluations += fit.evaluations();
            net = new ElmanNet(shape, params.clone());
            validation = task.validate(net);
            progress.update(attempt + 1, maxAttempts, validation.passed() ? "passed" : "restart");
            if (best == null || validation.passed() || fit.cost() < bestFit.cost()) {
                best = net;
                bestFit = fit;
                bestValidation = validation;
            }
            if (validation.passed()) break;
        }
        net = best;
        fit = bestFit;
        validation = bestValidation;
        int restarts = Math.min(attempt, maxAttempts - 1);
        long millis = (System.nanoTime() - start) / 1_000_000;
        TrainingReport report = new TrainingReport(task.dataSummary(), seed, fitter.name(), fit.cost(), evaluations,
                restarts, validation.description(), validation.passed(), millis);
        return new Result(net, report, validation);
    }

    static void initialise(double[] params, Random rnd, double scale) {
        for (int i = 0; i < params.length; i++) params[i] = (2 * rnd.nextDouble() - 1) * scale;
    }
}
