package io.elmanstream.testsupport;

import io.elmanstream.retrain.ArchivedSequence;
import io.elmanstream.retrain.RetrainTask;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Archived xor sequences for retrain tests: random bits labelled with the xor of each bit and the one before, or at random. */
public final class XorArchives {
    private XorArchives() {
    }

    /** {@code keys} keys of {@code bits} random bits, each labelled with the xor of it and the previous bit (or at random). */
    public static List<ArchivedSequence> xorArchive(int keys, int bits, boolean randomTargets, long seed) {
        Random rnd = new Random(seed);
        List<ArchivedSequence> out = new ArrayList<>();
        for (int k = 0; k < keys; k++) out.add(sequence("key-" + k, bits, randomTargets, rnd));
        return out;
    }

    /**
     * An archive with exactly {@code training} training keys and {@code heldOut} held-out keys (by the
     * retrain split's hash), {@code bits} events each.
     */
    public static List<ArchivedSequence> withHeldOut(int training, int heldOut, int bits, boolean randomTargets, long seed) {
        Random rnd = new Random(seed);
        List<ArchivedSequence> out = new ArrayList<>();
        int[] left = {training, heldOut};   // training keys, held-out keys still wanted
        for (int k = 0; left[0] + left[1] > 0; k++) {
            String key = "k" + seed + "-" + k;
            int side = RetrainTask.heldOut(key) ? 1 : 0;
            if (left[side] == 0) continue;
            left[side]--;
            out.add(sequence(key, bits, randomTargets, rnd));
        }
        return out;
    }

    private static ArchivedSequence sequence(String key, int bits, boolean randomTargets, Random rnd) {
        List<String> symbols = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        int prev = -1;
        for (int t = 0; t < bits; t++) {
            int b = rnd.nextInt(2);
            symbols.add(Integer.toString(b));
            targets.add(prev < 0 ? null : Integer.toString(randomTargets ? rnd.nextInt(2) : prev ^ b));
            prev = b;
        }
        return new ArchivedSequence(key, "xor", symbols, targets);
    }
}
