package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The reference gradient checks: xor (1/4/1 sigmoid, 200 random bits), hello (4/10/4 sigmoid) and
 * an 11-symbol text model ('e t a o i n s h r d' and space, 20 tanh hidden units, softmax) on
 * random text, each at seeded random weights.
 */
public record GradientCheckCase(String name, String description, NetShape shape, List<Sequence> data, double scale) {

    public static List<GradientCheckCase> all() {
        return List.of(named("xor"), named("hello"), named("text"));
    }

    public static GradientCheckCase named(String name) {
        Random rnd = new Random(42);
        return switch (name) {
            case "xor" -> new GradientCheckCase("xor", "1/4/1 sigmoid, 200 random bits", new XorTask(4, 7).shape(),
                    List.of(XorTask.labelled(XorTask.randomStreams(rnd, 1, 200).get(0))), 1.0);
            case "hello" -> {
                HelloTask t = new HelloTask();
                yield new GradientCheckCase("hello", "4/10/4 sigmoid, 'hello'", t.shape(), t.trainingData(), 1.0);
            }
            case "text" -> {
                int[] s = new int[120];
                for (int i = 0; i < s.length; i++) s[i] = rnd.nextInt(11);
                yield new GradientCheckCase("text", "11/20/11 tanh+softmax, 120 random symbols",
                        new NetShape(11, 20, 11, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX),
                        List.of(Sequence.nextSymbol(s)), 0.5);
            }
            default -> throw new IllegalArgumentException("unknown task '" + name + "' (expected xor, hello, text or all)");
        };
    }

    public GradientCheck.Result run() {
        return check(new ElmanCost(shape, new ArrayList<>(data)));
    }

    /** The same check of the tutorial's one-step gradient, as a baseline. */
    public GradientCheck.Result runTutorialGradient() {
        return check(ElmanCost.withTutorialGradient(shape, new ArrayList<>(data)));
    }

    private GradientCheck.Result check(ElmanCost cost) {
        double[] x = new double[shape.paramCount()];
        Trainer.initialise(x, new Random(1), scale);
        return GradientCheck.check(cost, x, 1e-4);
    }
}
