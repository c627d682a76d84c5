package io.elmanstream.testsupport;

import io.elmanstream.batch.ArchivedSequence;
import io.elmanstream.batch.RetrainTask;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Archived xor sequences for retrain tests: random bits labelled with the xor of each bit and the one before, or at random. */
public final class XorArchives {
    private XorArchives() {
    }

    /** {@code keys} keys of {@code bits} random bits, each labelled with the xor of it and the previous bit (or at random). */
    public static List<ArchivedSequence> xorArchive(int keys, int bits, boolean randomTargets, long seed) {
        return split(keys, keys, bits, randomTargets, seed, "key-");
    }

    /**
     * An archive with exactly {@code training} training keys and {@code heldOut} held-out keys (by the
     * retrain split's hash), {@code bits} events each.
     */
    public static List<ArchivedSequence> withHeldOut(int training, int heldOut, int bits, boolean randomTargets, long seed) {
        return split(training, heldOut, bits, randomTargets, seed, "k" + seed + "-");
    }

    private static List<ArchivedSequence> split(int training, int heldOut, int bits, boolean randomTargets, long seed, String prefix) {
        boolean any = training == heldOut && prefix.equals("key-");   // xorArchive: the first keys, whichever side they fall
        Random rnd = new Random(seed);
        List<ArchivedSequence> out = new ArrayList<>();
        int nTraining = 0, nHeldOut = 0;
        for (int k = 0; any ? out.size() < training : nTraining < training || nHeldOut < heldOut; k++) {
            String key = prefix + k;
            boolean held = RetrainTask.heldOut(key);
            if (!any && (held ? nHeldOut >= heldOut : nTraining >= training)) continue;
            if (held) nHeldOut++;
            else nTraining++;
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
