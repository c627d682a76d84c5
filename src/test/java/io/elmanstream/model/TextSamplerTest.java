package io.elmanstream.model;

import io.elmanstream.testsupport.TestModels;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sampling one symbol: temperature and top-k, seeded. */
class TextSamplerTest {
    private static final double[] P = {0.05, 0.4, 0.3, 0.2, 0.05};

    private static int[] counts(int topK, double temperature) {
        Random rnd = new Random(7);
        int[] c = new int[P.length];
        for (int i = 0; i < 20_000; i++) c[TextSampler.draw(P, temperature, topK, rnd)]++;
        return c;
    }

    @Test
    void topKDrawsOnlyTheKMostLikelyInProportion() {
        int[] all = counts(0, 1.0);
        assertTrue(all[0] > 0 && all[4] > 0, "without top-k every symbol can come");
        int[] two = counts(2, 1.0);
        assertEquals(0, two[0] + two[3] + two[4], "only the two most likely");
        assertEquals(0.4 / 0.7, two[1] / 20_000.0, 0.02, "in proportion to their probabilities");
        int[] one = counts(1, 1.0);
        assertEquals(20_000, one[1], "top-1 is the most likely symbol every time");
        assertEquals(all[1], counts(P.length, 1.0)[1], "k >= the vocabulary is no cut");
        int[] cold = counts(0, 0.2);
        assertTrue(cold[1] > 0.7 * 20_000, "a low temperature sharpens: " + cold[1]);
    }

    @Test
    void seededAndChecked() {
        Model hello = TestModels.hello(1, 1);
        TextSampler s = new TextSampler(hello);
        assertEquals(s.sample("he", 20, 0.8, 2, new Random(3)), s.sample("he", 20, 0.8, 2, new Random(3)));
        assertEquals("top-k must be >= 0 (0 = all symbols), got -1",
                assertThrows(IllegalArgumentException.class, () -> s.sample("he", 5, 1.0, -1, new Random(1))).getMessage());
    }
}
