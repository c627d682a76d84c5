package io.elmanstream.model;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link RowProducts}' float matrix products written with the Vector API, for a JVM started with
 * {@code --add-modules jdk.incubator.vector}. The auto-vectorised loops keep the output row in
 * memory and load and store it once per four products; these keep a block of 8 output rows by two
 * vectors (16 accumulators, half the registers of an AVX-512 core) in registers through the
 * whole sum, so each weight row loaded serves 8 rows and each product is one fused multiply-add
 * with no store. Every output element is still the same chain of fused multiply-adds in the same
 * order as {@link RowProducts}' loops, so the results are the same bits; only the time differs
 * ({@code VectorRowProductsTest} compares them bit for bit; docs/BENCHMARKS.md, "A minibatch
 * training step against the machine's ceiling").
 */
final class VectorRowProducts {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int ROWS = 8;
    /**
     * Columns per block: two vectors. A block of one vector (for widths that are an odd number of
     * vectors) would need a kernel of its own: one written with a flag for it compiles, in Java 17,
     * to a loop that boxes its vectors, many times slower. Callers pad instead ({@link RowProducts#paddedWidth}).
     */
    static final int PANEL = 2 * L;

    private VectorRowProducts() {
    }

    /** c[cFrom + i] += a[aFrom + i] W for i < m, K = w.length and N = w[0].length; shapes checked by the caller. */
    static void mulAdd(float[][] a, int aFrom, float[][] w, float[][] c, int cFrom, int m) {
        final int kk = w.length;
        final int n = w[0].length;
        final int panels = n - n % PANEL;
        for (int j = 0; j < panels; j += PANEL) {
            int i = 0;
            for (; i + ROWS <= m; i += ROWS) rows8(a, aFrom + i, -1, w, kk, c, cFrom + i, j);
            for (; i < m; i++) row(a, aFrom + i, -1, w, kk, c[cFrom + i], j);
        }
        for (int i = 0; i < m; i++) {
            final float[] ai = a[aFrom + i], ci = c[cFrom + i];
            for (int j = panels; j < n; j++) {
                float z = ci[j];
                for (int k = 0; k < kk; k++) z = Math.fma(ai[k], w[k][j], z);
                ci[j] = z;
            }
        }
    }

    /** g[k] += sum over r < m of a[aFrom + r][k] w[r], K = g.length and N = g[0].length; shapes checked by the caller. */
    static void mulTransAdd(float[][] a, int aFrom, float[][] w, int m, float[][] g) {
        final int kk = g.length;
        final int n = g[0].length;
        final int panels = n - n % PANEL;
        for (int j = 0; j < panels; j += PANEL) {
            int k = 0;
            for (; k + ROWS <= kk; k += ROWS) rows8(a, aFrom, k, w, m, g, k, j);
            for (; k < kk; k++) row(a, aFrom, k, w, m, g[k], j);
        }
        for (int k = 0; k < kk; k++) {
            final float[] gk = g[k];
            for (int j = panels; j < n; j++) {
                float z = gk[j];
                for (int r = 0; r < m; r++) z = Math.fma(a[aFrom + r][k], w[r][j], z);
                gk[j] = z;
            }
        }
    }

    /**
     * Eight output rows c[ci..ci+8), columns [j, j + 2L), summed over the s < steps rows of w: the
     * coefficient of output row q at step s is a[aFrom + q][s] (column < 0: the product) or
     * a[aFrom + s][column + q] (the transposed product).
     */
    private static void rows8(float[][] a, int aFrom, int column, float[][] w, int steps, float[][] c, int ci, int j) {
        final float[] c0 = c[ci], c1 = c[ci + 1], c2 = c[ci + 2], c3 = c[ci + 3], c4 = c[ci + 4], c5 = c[ci + 5], c6 = c[ci + 6], c7 = c[ci + 7];
        FloatVector s00 = FloatVector.fromArray(S, c0, j), s01 = FloatVector.fromArray(S, c0, j + L);
        FloatVector s10 = FloatVector.fromArray(S, c1, j), s11 = FloatVector.fromArray(S, c1, j + L);
        FloatVector s20 = FloatVector.fromArray(S, c2, j), s21 = FloatVector.fromArray(S, c2, j + L);
        FloatVector s30 = FloatVector.fromArray(S, c3, j), s31 = FloatVector.fromArray(S, c3, j + L);
        FloatVector s40 = FloatVector.fromArray(S, c4, j), s41 = FloatVector.fromArray(S, c4, j + L);
        FloatVector s50 = FloatVector.fromArray(S, c5, j), s51 = FloatVector.fromArray(S, c5, j + L);
        FloatVector s60 = FloatVector.fromArray(S, c6, j), s61 = FloatVector.fromArray(S, c6, j + L);
        FloatVector s70 = FloatVector.fromArray(S, c7, j), s71 = FloatVector.fromArray(S, c7, j + L);
        final boolean product = column < 0;
        final float[] a0 = product ? a[aFrom] : null, a1 = product ? a[aFrom + 1] : null, a2 = product ? a[aFrom + 2] : null,
                a3 = product ? a[aFrom + 3] : null, a4 = product ? a[aFrom + 4] : null, a5 = product ? a[aFrom + 5] : null,
                a6 = product ? a[aFrom + 6] : null, a7 = product ? a[aFrom + 7] : null;
        for (int s = 0; s < steps; s++) {
            final float[] ws = w[s];
            final FloatVector w0 = FloatVector.fromArray(S, ws, j), w1 = FloatVector.fromArray(S, ws, j + L);
            final float x0, x1, x2, x3, x4, x5, x6, x7;
            if (product) {
                x0 = a0[s]; x1 = a1[s]; x2 = a2[s]; x3 = a3[s]; x4 = a4[s]; x5 = a5[s]; x6 = a6[s]; x7 = a7[s];
            } else {
                final float[] as = a[aFrom + s];
                x0 = as[column]; x1 = as[column + 1]; x2 = as[column + 2]; x3 = as[column + 3];
                x4 = as[column + 4]; x5 = as[column + 5]; x6 = as[column + 6]; x7 = as[column + 7];
            }
            FloatVector x = FloatVector.broadcast(S, x0);
            s00 = x.fma(w0, s00);
            s01 = x.fma(w1, s01);
            x = FloatVector.broadcast(S, x1);
            s10 = x.fma(w0, s10);
            s11 = x.fma(w1, s11);
            x = FloatVector.broadcast(S, x2);
            s20 = x.fma(w0, s20);
            s21 = x.fma(w1, s21);
            x = FloatVector.broadcast(S, x3);
            s30 = x.fma(w0, s30);
            s31 = x.fma(w1, s31);
            x = FloatVector.broadcast(S, x4);
            s40 = x.fma(w0, s40);
            s41 = x.fma(w1, s41);
            x = FloatVector.broadcast(S, x5);
            s50 = x.fma(w0, s50);
            s51 = x.fma(w1, s51);
            x = FloatVector.broadcast(S, x6);
            s60 = x.fma(w0, s60);
            s61 = x.fma(w1, s61);
            x = FloatVector.broadcast(S, x7);
            s70 = x.fma(w0, s70);
            s71 = x.fma(w1, s71);
        }
        s00.intoArray(c0, j);
        s01.intoArray(c0, j + L);
        s10.intoArray(c1, j);
        s11.intoArray(c1, j + L);
        s20.intoArray(c2, j);
        s21.intoArray(c2, j + L);
        s30.intoArray(c3, j);
        s31.intoArray(c3, j + L);
        s40.intoArray(c4, j);
        s41.intoArray(c4, j + L);
        s50.intoArray(c5, j);
        s51.intoArray(c5, j + L);
        s60.intoArray(c6, j);
        s61.intoArray(c6, j + L);
        s70.intoArray(c7, j);
        s71.intoArray(c7, j + L);
    }

    /** One output row c[ci], columns [j, j + 2L), the coefficients as for {@link #rows8}. */
    private static void row(float[][] a, int aFrom, int column, float[][] w, int steps, float[] ci, int j) {
        FloatVector s0 = FloatVector.fromArray(S, ci, j), s1 = FloatVector.fromArray(S, ci, j + L);
        final float[] a0 = column < 0 ? a[aFrom] : null;
        for (int s = 0; s < steps; s++) {
            final FloatVector x = FloatVector.broadcast(S, column < 0 ? a0[s] : a[aFrom + s][column]);
            s0 = x.fma(FloatVector.fromArray(S, w[s], j), s0);
            s1 = x.fma(FloatVector.fromArray(S, w[s], j + L), s1);
        }
        s0.intoArray(ci, j);
        s1.intoArray(ci, j + L);
    }
}
