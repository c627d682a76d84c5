package io.elmanstream.plot;

import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.testsupport.Cli;
import io.elmanstream.testsupport.TestModels;
import io.elmanstream.train.ElmanCost;
import io.elmanstream.train.Sequence;
import io.elmanstream.train.TutorialCost;
import io.elmanstream.train.XorTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pictures: files of the requested size, drawing exactly what the cost function and the net give. */
class PlotTest {
    @TempDir
    Path dir;

    @Test
    void theLandscapeIsTheCostFunctionAtEveryPoint() {
        Model xor = TestModels.xor(1, 1);
        Sequence s = XorTask.labelled(new int[]{0, 0, 1, 1, 0});
        Landscape l = Landscape.sweep(xor.net(), 2, -1, 10, 100, s.inputs(), s.targets());
        assertEquals(100, l.values().length);
        assertEquals(-1.0, l.values()[0]);
        assertEquals(10.0, l.values()[99]);
        for (int i : new int[]{0, 17, 50, 99}) {
            double[] w = xor.net().params().clone();
            w[2] = l.values()[i];
            assertEquals(new ElmanCost(xor.net().shape(), List.of(s)).evaluate(w, new double[w.length]), l.ours()[i], 0.0, "ours at point " + i);
            assertEquals(TutorialCost.cost(new ElmanNet(xor.net().shape(), w), s.inputs(), new int[]{0, 0, 1, 0, 1}), l.tutorials()[i], 0.0,
                    "the tutorial's at point " + i + " (its first target read as 0)");
        }
    }

    @Test
    void hiddenStatesAreTheNetsStepByStep() {
        Model hello = TestModels.hello(1, 1);
        HiddenStates s = HiddenStates.of(hello, "hell");
        assertEquals(List.of("h", "e", "l", "l"), List.of(s.symbols()));
        double[][] h = new double[5][hello.net().shape().numHid()];
        double[] out = new double[hello.net().shape().numOut()];
        int[] x = hello.encode("hell");
        for (int t = 0; t < 4; t++) {
            hello.net().step(h[t], x[t], h[t + 1], out);
            for (int j = 0; j < h[t + 1].length; j++) assertEquals(h[t + 1][j], s.units()[j][t], 0.0);
        }
    }

    @Test
    void picturesAreImagesOfTheRequestedSize() throws Exception {
        Path xor = dir.resolve("xor.json");
        ModelCodec.write(TestModels.xor(1, 1), xor);
        Path png = dir.resolve("landscape.png");
        Cli.Run r = Cli.run("plot", "landscape", "--model", xor.toString(), "--out", png.toString(), "--width", "640", "--height", "480");
        assertEquals(0, r.code(), r.err());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(640, image.getWidth());
        assertEquals(480, image.getHeight());
        assertTrue(distinctColours(image) > 5, "a drawing, not a blank");

        Path hello = dir.resolve("hello.json");
        ModelCodec.write(TestModels.hello(1, 1), hello);
        Path svg = dir.resolve("states.svg");
        assertEquals(0, Cli.run("plot", "states", "--model", hello.toString(), "--input", "hello", "--out", svg.toString(),
                "--width", "500", "--height", "300").code());
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<?xml") || text.startsWith("<!DOCTYPE svg") || text.startsWith("<svg"), text.substring(0, 40));
        assertTrue(text.contains("width='500.0'") && text.contains("height='300.0'"), text.substring(0, 300));
        Path states = dir.resolve("states.png");
        assertEquals(0, Cli.run("plot", "states", "--model", hello.toString(), "--input", "hello", "--out", states.toString()).code());
        assertEquals(900, ImageIO.read(states.toFile()).getWidth());

        Cli.Run notXor = Cli.run("plot", "landscape", "--model", hello.toString(), "--out", png.toString());
        assertEquals(1, notXor.code());
        assertEquals("error: plot landscape draws the tutorial's xor figure: hello is not a bit model with one sigmoid output", notXor.err().strip());
        assertEquals(1, Cli.run("plot", "landscape", "--model", xor.toString(), "--out", png.toString(), "--weight", "29").code());
    }

    /** A model whose swept weight lies far outside the tutorial's -1..10 is swept around its own value, and the curve is not flat. */
    @Test
    void aWeightOutsideTheTutorialsRangeIsSweptAroundItsValue() throws Exception {
        var m = TestModels.xor(1, 1);
        double[] w = m.net().params().clone();
        w[2] = -320.0;
        var far = new Model(m.name(), m.version(), m.task(), m.objective(), m.vocabulary(),
                new ElmanNet(m.net().shape(), w), m.report());
        Path model = dir.resolve("far.json"), png = dir.resolve("far.png");
        ModelCodec.write(far, model);
        Cli.Run r = Cli.run("plot", "landscape", "--model", model.toString(), "--out", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("weight 2 of xor is -320.0, outside the tutorial's -1..10: sweeping -651.0..11.00, centred on it and reaching past 0 "
                + "(--from -1 --to 10 gives the tutorial's range)"), r.out());
        assertTrue(r.out().contains("weight 2 over -651.0..11.00, 500 points"), r.out());
        var sweep = Landscape.sweep(far.net(), 2, -651, 11, 500, new int[]{1, 0, 0, 1, 1, 0},
                new int[]{-1, 1, 0, 1, 0, 1});
        double lo = Arrays.stream(sweep.ours()).min().orElseThrow(), hi = Arrays.stream(sweep.ours()).max().orElseThrow();
        assertTrue(hi - lo > 1e-6, "the cost changes over the sweep: " + lo + ".." + hi);
        Cli.Run tutorial = Cli.run("plot", "landscape", "--model", model.toString(), "--out", png.toString(), "--from", "-1", "--to", "10");
        assertEquals(0, tutorial.code(), tutorial.err());
        assertTrue(tutorial.out().startsWith("wrote ") && tutorial.out().contains("over -1.000..10.00"), tutorial.out());
        assertEquals(1, Cli.run("plot", "landscape", "--model", model.toString(), "--out", png.toString(), "--from", "3", "--to", "2").code());
    }

    private static int distinctColours(BufferedImage image) {
        Set<Integer> c = new HashSet<>();
        for (int x = 0; x < image.getWidth(); x += 7) for (int y = 0; y < image.getHeight(); y += 7) c.add(image.getRGB(x, y));
        return c.size();
    }
}
