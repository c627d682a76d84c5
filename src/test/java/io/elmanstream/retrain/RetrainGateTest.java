package io.elmanstream.retrain;

import io.elmanstream.model.Model;
import io.elmanstream.train.Progress;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static io.elmanstream.testsupport.XorArchives.withHeldOut;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retrain gate's error rates, measured through the retrain job as a user runs it (warm start from
 * the serving model, the archive split by key): how often a fit to noise replaces another fit to noise
 * (false publish, at every held-out size from the minimum to 200 sequences), and how often a fit to
 * real xor replaces a fit to noise at 20 held-out sequences (power). Seeded: the figures repeat.
 */
class RetrainGateTest {
    private static final int TRAINING_KEYS = 16;
    private static final int BITS = 50;
    private static final int[] SIZES = {PairedComparison.MIN_SEQUENCES, 12, 20, 50, 100, 200};

    private static Model noiseFit(long seed) {
        return new RetrainJob(4, 1, seed).run("xor", withHeldOut(TRAINING_KEYS, PairedComparison.MIN_SEQUENCES, BITS, true, seed), null,
                false, true, Progress.NONE).candidate();
    }

    @Test
    void aFitToNoiseReplacesAnotherFitToNoiseInAtMostFivePercentOfTrialsAtEveryHeldOutSize() {
        int trialsPerSize = 84;       // 6 sizes x 84 = 504 null pairs
        int total = 0;
        StringBuilder figures = new StringBuilder();
        for (int size : SIZES) {
            int published = (int) IntStream.range(0, trialsPerSize).parallel().filter(i -> {
                long seed = 1000L * size + i;
                Model serving = noiseFit(2 * seed);
                return new RetrainJob(4, 2, seed).run("xor", withHeldOut(TRAINING_KEYS, size, BITS, true, 2 * seed + 1), serving, false, false,
                        Progress.NONE).publish();
            }).count();
            total += published;
            figures.append(String.format("%d held-out sequences: %d of %d published%n", size, published, trialsPerSize));
        }
        System.out.print(figures);
        System.out.printf("all sizes: %d of %d null pairs published (%.1f%%)%n", total, trialsPerSize * SIZES.length,
                100.0 * total / (trialsPerSize * SIZES.length));
        assertTrue(total <= 0.05 * trialsPerSize * SIZES.length, figures.toString());
    }

    @Test
    void aFitToXorReplacesAFitToNoiseInAtLeastNinetyPercentOfTrialsAtTwentyHeldOutSequences() {
        int trials = 50;
        int published = (int) IntStream.range(0, trials).parallel().filter(i -> {
            Model serving = noiseFit(7000 + 2L * i);
            return new RetrainJob(4, 20, i).run("xor", withHeldOut(TRAINING_KEYS, 20, BITS, false, 7001 + 2L * i), serving, false, false,
                    Progress.NONE).publish();
        }).count();
        System.out.printf("power: %d of %d xor fits published over a fit to noise at 20 held-out sequences%n", published, trials);
        assertTrue(published >= 0.9 * trials, published + " of " + trials);
    }
}
