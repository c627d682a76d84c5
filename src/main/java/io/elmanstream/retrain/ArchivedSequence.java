package io.elmanstream.retrain;

import java.util.List;

/**
 * One sequence of one key as the archive holds it: the symbols in offset order from a reset (or
 * the key's first event) to the next, with each event's target (null where it had none).
 */
public record ArchivedSequence(String key, String model, List<String> symbols, List<String> targets) {
    public ArchivedSequence {
        if (symbols.size() != targets.size()) throw new IllegalArgumentException("symbols and targets differ in length");
    }

    public boolean labelled() {
        return targets.stream().anyMatch(t -> t != null);
    }
}
