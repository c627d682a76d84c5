package io.elmanstream.train;

/**
 * Matrix-matrix products over matrices stored as one array per row, blocked for the cache: the
 * kernels of minibatch training. Each inner loop runs along one row array and adds four weighted
 * rows at once ({@code c[j] += a0 w0[j] + a1 w1[j] + a2 w2[j] + a3 w3[j]}), which HotSpot
 * vectorises and which loads the output row once per four products; a block of 16 output rows
 * stays in the first-level cache while the weight rows stream past. On the 2-core host of
 * docs/BENCHMARKS.md this runs at about 16 GMAC/s per core against 3 for one stream at a time.
 * Sums are taken in a fixed order, so results do not depend on the machine.
 */
final class RowProducts {
    private static final int BLOCK = 16;

    private RowProducts() {
    }

    /** c[cFrom + i] += a[aFrom + i] · w for i < m: (m x K) by (K x N), K = w.length. */
    static void mulAdd(double[][] a, int aFrom, double[][] w, double[][] c, int cFrom, int m) {
        final int kk = w.length;
        final int n = w[0].length;
        for (int i0 = 0; i0 < m; i0 += BLOCK) {
            final int i1 = Math.min(m, i0 + BLOCK);
            int k = 0;
            for (; k + 3 < kk; k += 4) {
                final double[] w0 = w[k], w1 = w[k + 1], w2 = w[k + 2], w3 = w[k + 3];
                for (int i = i0; i < i1; i++) {
                    final double[] ai = a[aFrom + i];
                    axpy4(c[cFrom + i], n, ai[k], w0, ai[k + 1], w1, ai[k + 2], w2, ai[k + 3], w3);
                }
            }
            for (; k < kk; k++) {
                for (int i = i0; i < i1; i++) axpy(c[cFrom + i], n, a[aFrom + i][k], w[k]);
            }
        }
    }

    /** g[k] += sum over r < m of a[r][k] w[r]: (K x m) by (m x N), the transpose of a never formed; K = g.length. */
    static void mulTransAdd(double[][] a, double[][] w, int m, double[][] g) {
        final int kk = g.length;
        final int n = g[0].length;
        for (int k0 = 0; k0 < kk; k0 += BLOCK) {
            final int k1 = Math.min(kk, k0 + BLOCK);
            int r = 0;
            for (; r + 3 < m; r += 4) {
                final double[] a0 = a[r], a1 = a[r + 1], a2 = a[r + 2], a3 = a[r + 3];
                final double[] w0 = w[r], w1 = w[r + 1], w2 = w[r + 2], w3 = w[r + 3];
                for (int k = k0; k < k1; k++) axpy4(g[k], n, a0[k], w0, a1[k], w1, a2[k], w2, a3[k], w3);
            }
            for (; r < m; r++) {
                for (int k = k0; k < k1; k++) axpy(g[k], n, a[r][k], w[r]);
            }
        }
    }

    /** The transpose of rows x cols {@code m} into {@code t} (cols x rows). */
    static void transpose(double[][] m, double[][] t) {
        for (int i = 0; i < m.length; i++) {
            final double[] row = m[i];
            for (int j = 0; j < row.length; j++) t[j][i] = row[j];
        }
    }

    private static void axpy4(double[] c, int n, double x0, double[] w0, double x1, double[] w1, double x2, double[] w2, double x3, double[] w3) {
        for (int j = 0; j < n; j++) c[j] += x0 * w0[j] + x1 * w1[j] + x2 * w2[j] + x3 * w3[j];
    }

    private static void axpy(double[] c, int n, double x, double[] w) {
        for (int j = 0; j < n; j++) c[j] += x * w[j];
    }
}
