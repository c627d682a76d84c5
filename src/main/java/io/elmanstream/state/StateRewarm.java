package io.elmanstream.state;

import io.elmanstream.model.Model;

import java.util.List;

/**
 * Rebuilds a key's hidden state under a newly served model version: the stored recent symbols are
 * replayed through the new weights from zero context, so no state computed by one model is ever
 * used with another's weights. If some recent symbols are not in the new vocabulary, only the
 * symbols after the last such one are replayed (the longest clean suffix of the window).
 */
public final class StateRewarm {
    private StateRewarm() {
    }

    /** The rebuilt hidden state, and how many recent symbols could not be replayed. */
    public record Result(double[] hidden, int dropped) {
    }

    /** Replays {@code recent} from {@code zeros}, a zero vector of the new hidden size. */
    public static Result replay(Model model, List<String> recent, double[] zeros) {
        int start = cleanSuffixStart(model, recent);
        double[] h = zeros;
        double[] next = new double[h.length];
        double[] out = new double[model.net().shape().numOut()];
        var workspace = model.net().workspace();
        for (int i = start; i < recent.size(); i++) {
            model.net().step(h, model.vocabulary().indexOf(recent.get(i)), next, out, workspace);
            double[] swap = h;
            h = next;
            next = swap;
        }
        return new Result(h, start);
    }

    /** Index of the first symbol of the longest suffix of {@code recent} inside the model's vocabulary. */
    public static int cleanSuffixStart(Model model, List<String> recent) {
        for (int i = recent.size() - 1; i >= 0; i--) {
            if (model.vocabulary().indexOf(recent.get(i)) < 0) return i + 1;
        }
        return 0;
    }
}
