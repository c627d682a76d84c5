package io.elmanstream.cli;

import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.plot.Charts;
import io.elmanstream.plot.HiddenStates;
import io.elmanstream.plot.HiddenStatesChart;
import io.elmanstream.plot.Landscape;
import io.elmanstream.plot.LandscapeChart;
import io.elmanstream.train.Sequence;
import io.elmanstream.train.XorTask;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

/** {@code plot}: pictures of what a net does, as PNG (or SVG for a .svg file name). */
@Command(name = "plot", mixinStandardHelpOptions = true, description = "Draw a model: the tutorial's cost landscape, or its hidden units over an input.",
        subcommands = {PlotCommand.LandscapeCommand.class, PlotCommand.StatesCommand.class})
public final class PlotCommand implements Runnable {
    /** The tutorial's 5 bits and their targets (x(t-1) xor x(t); the first step has none). */
    static final int[] TUTORIAL_BITS = {0, 0, 1, 1, 0};

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Size and file of a picture. */
    static final class Picture {
        @Option(names = "--out", required = true, paramLabel = "FILE", description = "picture file: .png, or .svg for SVG")
        Path out;

        @Range(min = 100, max = 20000)
        @Option(names = "--width", defaultValue = "900", description = "pixels (default: ${DEFAULT-VALUE})")
        int width;

        @Range(min = 100, max = 20000)
        @Option(names = "--height", defaultValue = "600", description = "pixels (default: ${DEFAULT-VALUE})")
        int height;
    }

    @Command(name = "landscape", mixinStandardHelpOptions = true,
            description = {"The tutorial's figure for a bit model with one sigmoid output (xor): the cost as one weight sweeps a range, "
                    + "every other weight fixed, our cost beside the tutorial's one-step cost, on the tutorial's 5 bits and on a held-out stream.",
                    "The tutorial's cost is missing where an output saturates (0 x log 0), which is where its gradient stops helping."})
    static final class LandscapeCommand implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "model file (JSON)")
        Path modelFile;

        @Range(min = 0)
        @Option(names = "--weight", defaultValue = "2", description = "index of the weight to sweep in theta1 then theta2, row-major (default: ${DEFAULT-VALUE}, as the tutorial)")
        int weight;

        @Option(names = "--from", description = "first value (default: -1, the tutorial's, or centred on the model's value when that lies outside -1..10)")
        Double from;

        @Option(names = "--to", description = "last value (default: 10, the tutorial's, or centred on the model's value when that lies outside -1..10)")
        Double to;

        @Range(min = 2)
        @Option(names = "--points", defaultValue = "100", description = "values in the range (default: ${DEFAULT-VALUE})")
        int points;

        @Range(min = 2)
        @Option(names = "--held-out", defaultValue = "200", description = "bits of the held-out stream, drawn with --seed (default: ${DEFAULT-VALUE})")
        int heldOut;

        @Option(names = "--seed", defaultValue = "99", description = "seed of the held-out stream (default: ${DEFAULT-VALUE})")
        long seed;

        @CommandLine.Mixin
        Picture picture;

        @Override
        public Integer call() throws Exception {
            Model m = ModelCodec.read(modelFile);
            if (m.net().shape().encoding() != InputEncoding.BIT || m.net().shape().numOut() != 1) {
                throw new IllegalArgumentException("plot landscape draws the tutorial's xor figure: " + m.name()
                        + " is not a bit model with one sigmoid output");
            }
            if (weight >= m.net().params().length) {
                throw new IllegalArgumentException("--weight must be below " + m.net().params().length + ", the model's weight count, got " + weight);
            }
            double value = m.net().params()[weight];
            double lo = from != null ? from : TUTORIAL_FROM, hi = to != null ? to : TUTORIAL_TO;
            if (from == null && to == null && (value < TUTORIAL_FROM || value > TUTORIAL_TO)) {
                // the tutorial's range would draw a flat line far from the model, and so would a narrow range around a saturated
                // weight: centre the sweep on the model's value, wide enough to reach past 0, where the cost changes
                double half = Math.abs(value) + (TUTORIAL_TO - TUTORIAL_FROM);
                lo = value - half;
                hi = value + half;
                points = Math.max(points, 500);
                System.out.printf("weight %d of %s is %.4g, outside the tutorial's %s..%s: sweeping %.4g..%.4g, centred on it and reaching past 0 "
                        + "(--from %s --to %s gives the tutorial's range)%n", weight, m.name(), value, fmt(TUTORIAL_FROM), fmt(TUTORIAL_TO), lo, hi,
                        fmt(TUTORIAL_FROM), fmt(TUTORIAL_TO));
            }
            if (!(lo < hi)) throw new IllegalArgumentException("--from must be below --to, got " + lo + ".." + hi);
            double from = lo, to = hi;
            int[] bits = new Random(seed).ints(heldOut, 0, 2).toArray();
            Sequence five = XorTask.labelled(TUTORIAL_BITS);
            Sequence stream = XorTask.labelled(bits);
            List<Landscape> l = List.of(
                    Landscape.sweep(m.net(), weight, from, to, points, five.inputs(), five.targets()),
                    Landscape.sweep(m.net(), weight, from, to, points, stream.inputs(), stream.targets()));
            Charts.write(LandscapeChart.of("cost as weight " + weight + " of " + m.name() + " v" + m.version() + " sweeps " + fmt4(from) + ".." + fmt4(to),
                    List.of("the tutorial's 5 bits", heldOut + " held-out bits"), l, m.net().params()[weight]), picture.out, picture.width, picture.height);
            System.out.printf("wrote %s (%d x %d): weight %d over %s..%s, %d points; its value in the model: %.4g%n", picture.out, picture.width,
                    picture.height, weight, fmt4(from), fmt4(to), points, m.net().params()[weight]);
            return 0;
        }
    }

    /** The range the tutorial's figure sweeps. */
    static final double TUTORIAL_FROM = -1, TUTORIAL_TO = 10;

    private static String fmt4(double d) {
        return String.format("%.4g", d);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    @Command(name = "states", mixinStandardHelpOptions = true,
            description = "A heatmap of the hidden units over an input: units by steps, the input symbols under the steps: what the context units carry.")
    static final class StatesCommand implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "model file (JSON)")
        Path modelFile;

        @Option(names = "--input", required = true, description = "bits like \"1 0 0 1\" for bit models, plain text for character models")
        String input;

        @CommandLine.Mixin
        Picture picture;

        @Override
        public Integer call() throws Exception {
            Model m = ModelCodec.read(modelFile);
            HiddenStates s = HiddenStates.of(m, input);
            Charts.write(HiddenStatesChart.of("hidden units of " + m.name() + " v" + m.version(), s, m.net().shape().hidden()),
                    picture.out, picture.width, picture.height);
            System.out.printf("wrote %s (%d x %d): %d hidden units over %d steps%n", picture.out, picture.width, picture.height,
                    s.units().length, s.symbols().length);
            return 0;
        }
    }
}
