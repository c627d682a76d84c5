package io.elmanstream.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Vector API products against the auto-vectorised loops, bit for bit: shapes around the 8-row
 * blocks (7, 8, 9, 17), the two-vector panels and the one-column edge (widths 15, 16, 17,
 * 31, 32, 33, 65, 80, 100), offsets into the row arrays, and outputs that already hold
 * values. The suite runs with the module ({@code --add-modules jdk.incubator.vector} in the pom),
 * which the first test pins, so that a build that lost the flag fails here instead of training slowly.
 */
class VectorRowProductsTest {
    private final Random rnd = new Random(7);

    @Test
    void theTestsRunWithTheVectorKernelsAndRowsPadToWholeVectors() {
        assertTrue(RowProducts.vectorised(), "the suite's JVM has jdk.incubator.vector");
        int panel = VectorRowProducts.PANEL;
        assertTrue(panel >= 8, "two vectors of " + panel / 2 + " floats");
        for (int n : new int[]{1, panel - 1, panel, panel + 1, 65, 256}) {
            int padded = RowProducts.paddedWidth(n);
            assertEquals(0, padded % panel, n + " -> " + padded);
            assertTrue(padded >= n && padded < n + panel, n + " -> " + padded);
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "7,5,15", "8,16,16", "9,65,17", "17,33,31", "16,256,32", "8,100,33", "23,65,65", "16,7,100", "40,12,80"})
    void theProductIsTheLoopsBitForBit(int m, int k, int n) {
        float[][] a = random(m + 3, k + 2);
        float[][] w = random(k, n);
        float[][] c = random(m + 2, n + 1);
        float[][] expected = copy(c);
        RowProducts.mulAddLoops(a, 3, w, expected, 2, m);
        VectorRowProducts.mulAdd(a, 3, w, c, 2, m);
        for (int i = 0; i < c.length; i++) assertArrayEquals(expected[i], c[i], 0f, "row " + i);
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "7,5,15", "8,16,16", "9,65,17", "17,33,31", "400,256,32", "25,100,33", "23,65,65", "16,7,100", "40,12,80"})
    void theTransposedProductIsTheLoopsBitForBit(int m, int k, int n) {
        float[][] a = random(m + 3, k + 2);
        float[][] w = random(m, n + 1);
        float[][] g = random(k, n);
        float[][] expected = copy(g);
        RowProducts.mulTransAddLoops(a, 3, w, m, expected);
        VectorRowProducts.mulTransAdd(a, 3, w, m, g);
        for (int i = 0; i < g.length; i++) assertArrayEquals(expected[i], g[i], 0f, "row " + i);
    }

    private float[][] random(int rows, int cols) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int j = 0; j < cols; j++) row[j] = (float) rnd.nextGaussian();
        }
        return m;
    }

    private static float[][] copy(float[][] m) {
        float[][] c = new float[m.length][];
        for (int i = 0; i < m.length; i++) c[i] = m[i].clone();
        return c;
    }
}
