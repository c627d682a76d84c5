package io.elmanstream.train;

import io.elmanstream.model.Activation;

/**
 * Cross-entropy of one step computed from the output logits, never from probabilities, so that a
 * saturated output gives a large finite cost instead of the tutorial's 0 * log 0 = NaN. Also writes
 * the gradient with respect to the logits, which for both output types is {@code y - t}.
 */
final class OutputLoss {
    private OutputLoss() {
    }

    /** log(1 + e^z) without overflow. */
    static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /**
     * @param logits output pre-activations of one step (overwritten with y - t, times {@code scale})
     * @return the step's cross-entropy
     */
    static double lossAndDelta(Activation output, double[] logits, int n, int target, double scale) {
        return lossAndDelta(output, logits, 0, n, target, scale);
    }

    /** The same for the {@code n} logits that start at {@code off} (one row of a batch). */
    static double lossAndDelta(Activation output, double[] v, int off, int n, int target, double scale) {
        double loss = 0;
        if (output == Activation.SOFTMAX) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) max = Math.max(max, v[off + j]);
            // one exp per unit: exp dominates the output layer's cost at text sizes (65 units a step)
            double sum = 0;
            double logit = v[off + target];
            for (int j = 0; j < n; j++) {
                double e = Math.exp(v[off + j] - max);
                v[off + j] = e;
                sum += e;
            }
            loss = max + Math.log(sum) - logit;
            double norm = scale / sum;
            for (int j = 0; j < n; j++) v[off + j] = v[off + j] * norm - (j == target ? scale : 0);
        } else {
            for (int j = 0; j < n; j++) {
                // a single unit codes a binary vocabulary: t = target index; else one-hot targets
                double t = n == 1 ? target : (j == target ? 1 : 0);
                double z = v[off + j];
                loss += softplus(z) - t * z;
                v[off + j] = (Activation.sigmoid(z) - t) * scale;
            }
        }
        return loss;
    }
}
