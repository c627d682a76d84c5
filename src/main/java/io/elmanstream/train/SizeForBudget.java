package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * The hidden size a time budget affords: the largest net that sees enough characters in the
 * budget. Enough is {@link #CHARACTERS_PER_WEIGHT} characters per weight: on tiny-Shakespeare a
 * 464-unit net that saw 98 per weight in ten minutes ended 0.09 nats/char behind a 384-unit one
 * that saw 208 (docs/BENCHMARKS.md); and at most {@link #MAX_HIDDEN} units. A net has no more
 * weights than the text has training characters (more would learn the text by heart). The rate at
 * each size comes from timing the trainer's own step ({@link GroupedGradient}) on this machine at
 * three sizes, a second or so in all, fitted as a + b H + c H^2 per character (the recurrence and
 * output products grow with H^2 and H x vocabulary).
 *
 * @param hidden            the size chosen
 * @param charactersPerSecond the measured (fitted) training rate at that size
 * @param reason            one line saying which and why
 */
public record SizeForBudget(int hidden, double charactersPerSecond, String reason) {
    /** Characters per weight a net should see in its budget. */
    public static final int CHARACTERS_PER_WEIGHT = 200;
    static final int MIN_HIDDEN = 16;
    /**
     * The largest size chosen: the largest measured to train well at Adam's default step of 0.003.
     * On tiny-Shakespeare for ten minutes, 464 units ended at 1.669 nats/char held out after 27M
     * characters and again after 52M (with the Vector API), where 384 units reach 1.580: the
     * larger net's training loss lags too, so it is the step, not the characters, that fails it.
     */
    static final int MAX_HIDDEN = 384;
    private static final int[] PROBES = {64, 256, 512};

    /** Measures and picks for a text of {@code trainingCharacters} over {@code vocabulary} symbols. */
    public static SizeForBudget pick(int vocabulary, long trainingCharacters, Duration budget, Arithmetic arithmetic) {
        double[] secondsPerChar = new double[PROBES.length];
        timeChunks(vocabulary, PROBES[1], arithmetic, 0.3); // warm the JIT up first
        for (int i = 0; i < PROBES.length; i++) secondsPerChar[i] = timeChunks(vocabulary, PROBES[i], arithmetic, 0.4);
        return choose(vocabulary, trainingCharacters, budget, PROBES, secondsPerChar);
    }

    /** The choice for measured seconds per character at the probe sizes (the training time is 90% of the budget: scoring takes the rest). */
    static SizeForBudget choose(int vocabulary, long trainingCharacters, Duration budget, int[] probes, double[] secondsPerChar) {
        double[] abc = fitQuadratic(probes, secondsPerChar);
        double seconds = budget.toMillis() / 1000.0 * 0.9;
        int best = MIN_HIDDEN;
        for (int h = MIN_HIDDEN; h <= MAX_HIDDEN; h += 16) {
            long weights = shape(vocabulary, h).paramCount();
            double seen = seconds / perChar(abc, h);
            if (seen >= (double) CHARACTERS_PER_WEIGHT * weights && weights <= trainingCharacters) best = h;
        }
        long weights = shape(vocabulary, best).paramCount();
        double rate = 1 / perChar(abc, best);
        String why = String.format("%d hidden units (%,d weights): at the measured %,.0f characters/s, %s sees %,.0f characters, at least %d per weight%s%s",
                best, weights, rate, budget.toSeconds() + " s", rate * seconds, CHARACTERS_PER_WEIGHT,
                weights * 2 > trainingCharacters ? String.format(", and no more weights than the %,d training characters", trainingCharacters) : "",
                best == MAX_HIDDEN ? ", and no more than " + MAX_HIDDEN + " units, the largest measured to train well at the default step" : "");
        return new SizeForBudget(best, rate, why);
    }

    private static double perChar(double[] abc, int h) {
        return Math.max(1e-9, abc[0] + abc[1] * h + abc[2] * (double) h * h);
    }

    /** a + b x + c x^2 through three points. */
    static double[] fitQuadratic(int[] x, double[] y) {
        double x0 = x[0], x1 = x[1], x2 = x[2];
        double d01 = (y[1] - y[0]) / (x1 - x0);
        double d12 = (y[2] - y[1]) / (x2 - x1);
        double c = (d12 - d01) / (x2 - x0);
        double b = d01 - c * (x0 + x1);
        double a = y[0] - b * x0 - c * x0 * x0;
        return new double[]{a, b, c};
    }

    private static NetShape shape(int vocabulary, int hidden) {
        return new NetShape(vocabulary, hidden, vocabulary, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX);
    }

    /** Seconds per character of the trainer's chunk gradient at this size: its streams and chunk, its threads, for about {@code seconds}. */
    private static double timeChunks(int vocabulary, int hidden, Arithmetic arithmetic, double seconds) {
        NetShape shape = shape(vocabulary, hidden);
        int streams = ChunkedAdamFit.STREAMS;
        int chunk = ChunkedAdamFit.CHUNK;
        Random rnd = new Random(hidden);
        double[] w = new double[shape.paramCount()];
        for (int i = 0; i < w.length; i++) w[i] = rnd.nextGaussian() * 0.05;
        int[] text = new int[streams * (chunk + 1)];
        for (int i = 0; i < text.length; i++) text[i] = rnd.nextInt(vocabulary);
        int[] starts = IntStream.range(0, streams).map(b -> b * (chunk + 1)).toArray();
        GroupedGradient g = new GroupedGradient(shape, streams, arithmetic, 0);
        double[] grad = new double[w.length];
        double[][] contexts = new double[streams][hidden];
        // one untimed pass first: the scratch's first touch and the pool's threads are not the rate
        g.load(w);
        g.gradient(text, text, starts, chunk, contexts, 1e-3, grad);
        long chars = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < seconds * 1e9) {
            g.load(w);
            g.gradient(text, text, starts, chunk, contexts, 1e-3, grad);
            chars += (long) streams * chunk;
        }
        return (System.nanoTime() - start) / 1e9 / chars;
    }
}
