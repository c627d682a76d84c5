package io.elmanstream.train;

/**
 * One training sequence: the input symbol indices and, per step, the target index or
 * {@link #UNLABELLED} (the cost skips such steps, like xor's first step).
 */
public record Sequence(int[] inputs, int[] targets) {
    public static final int UNLABELLED = -1;

    public Sequence {
        if (inputs.length != targets.length) {
            throw new IllegalArgumentException("inputs and targets differ in length: " + inputs.length + " vs " + targets.length);
        }
    }

    public int length() {
        return inputs.length;
    }

    public int labelledSteps() {
        int n = 0;
        for (int t : targets) if (t != UNLABELLED) n++;
        return n;
    }

    /** A next-symbol sequence: the target of each step is the following symbol. */
    public static Sequence nextSymbol(int[] symbols) {
        int n = Math.max(0, symbols.length - 1);
        int[] in = new int[n];
        int[] tg = new int[n];
        System.arraycopy(symbols, 0, in, 0, n);
        System.arraycopy(symbols, 1, tg, 0, n);
        return new Sequence(in, tg);
    }
}
