package io.elmanstream.bench;

import io.elmanstream.model.Activation;
import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.Model;
import io.elmanstream.model.NetShape;
import io.elmanstream.model.Objective;
import io.elmanstream.model.Precision;
import io.elmanstream.model.Vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Models of a given size for measuring: what costs is the shape, not what the weights learnt. */
public final class BenchModels {
    /** 65 symbols, tiny-Shakespeare's alphabet size: letters, digits and a little punctuation, including h, e, l, o. */
    public static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'-&\n";

    private BenchModels() {
    }

    /**
     * A 65-symbol next-symbol text model with {@code hidden} tanh units and random weights (Gaussian,
     * sd 0.1), served in the precision of trained character models ({@link Precision#CHARACTER_MODELS}).
     */
    public static Model randomText(String name, int hidden, long version, long seed) {
        return randomText(name, hidden, version, seed, Precision.CHARACTER_MODELS);
    }

    /** {@link #randomText(String, int, long, long)} served in {@code precision}. */
    public static Model randomText(String name, int hidden, long version, long seed, Precision precision) {
        List<String> symbols = new ArrayList<>();
        ALPHABET.codePoints().limit(65).forEach(cp -> symbols.add(Character.toString(cp)));
        NetShape shape = new NetShape(65, hidden, 65, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX, precision);
        double[] p = new double[shape.paramCount()];
        Random rnd = new Random(seed);
        for (int i = 0; i < p.length; i++) p[i] = rnd.nextGaussian() * 0.1;
        return new Model(name, version, "text", Objective.NEXT_SYMBOL, new Vocabulary(symbols), new ElmanNet(shape, p), null);
    }
}
