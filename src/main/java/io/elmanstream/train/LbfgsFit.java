package io.elmanstream.train;

/** Full-batch fitting of the exact cost with L-BFGS: for small problems such as xor and hello. */
public record LbfgsFit(ElmanCost cost, Lbfgs lbfgs) implements Fitter {

    @Override
    public OptimizerResult fit(double[] params, Progress progress) {
        return lbfgs.minimize(cost, params);
    }

    @Override
    public String name() {
        return "L-BFGS (m=" + lbfgs.memory() + ", strong Wolfe line search)";
    }
}
