package io.elmanstream.model;

/**
 * The net's arithmetic: every product of a step, forward or back, double or float, serving or
 * training, is one of these. Matrices are one array per row. Each inner loop runs along one row
 * array and adds four weighted rows a pass,
 * <pre>  z[j] += ((c0 r0[j] + c1 r1[j]) + c2 r2[j]) + c3 r3[j]</pre>
 * which HotSpot vectorises (an offset into one long array it does not) and which loads and stores
 * the output row once per four products: with rows of a hundred units, one row a pass spends more
 * on starting each vectorised loop than in it. The matrix-matrix forms work on blocks of 16 output
 * rows that stay in the first-level cache while the weight rows stream past. Sums are taken in a
 * fixed order, so results do not depend on the machine. The float forms chain fused multiply-adds,
 * <pre>  z[j] = fma(c3, r3[j], fma(c2, r2[j], fma(c1, r1[j], fma(c0, r0[j], z[j]))))</pre>
 * one instruction per product on any x86 or ARM core of the last ten years (Java never fuses
 * {@code a * b + c} by itself) and one rounding instead of two; a JVM on a core without FMA
 * computes the same bits, slowly. EJML's general products are the
 * independent oracle these are tested against ({@code RowProductsTest}); they are slower here
 * (docs/BENCHMARKS.md, "The step and the cost").
 *
 * <p>Shapes are checked at entry, so a wrong shape fails with its sizes rather than as an index
 * deep in a loop.
 */
public final class RowProducts {
    private static final int BLOCK = 16;
    /** Rows of a matrix product's left side that the float products take as one block: a caller does best with multiples. */
    public static final int ROW_BLOCK = VectorRowProducts.ROWS;
    /** The float matrix products run on {@link VectorRowProducts} when the JVM was started with the Vector API. */
    private static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private RowProducts() {
    }

    /** z[0..n) += sum over k < count of c[k] rows[from + k]: the vector-matrix product of a step. */
    public static void addRows(double[] z, int n, double[][] rows, int from, double[] c, int count) {
        checkRows(z.length, n, rows.length, from, c.length, count);
        int k = 0;
        for (; k + 3 < count; k += 4) {
            axpy4(z, n, c[k], rows[from + k], c[k + 1], rows[from + k + 1], c[k + 2], rows[from + k + 2], c[k + 3], rows[from + k + 3]);
        }
        for (; k < count; k++) axpy(z, n, c[k], rows[from + k]);
    }

    /** The float form of {@link #addRows(double[], int, double[][], int, double[], int)}: the same sums in the same order. */
    public static void addRows(float[] z, int n, float[][] rows, int from, float[] c, int count) {
        checkRows(z.length, n, rows.length, from, c.length, count);
        int k = 0;
        for (; k + 3 < count; k += 4) {
            axpy4(z, n, c[k], rows[from + k], c[k + 1], rows[from + k + 1], c[k + 2], rows[from + k + 2], c[k + 3], rows[from + k + 3]);
        }
        for (; k < count; k++) axpy(z, n, c[k], rows[from + k]);
    }

    /**
     * Column j of {@code rows} (rows 0..count) dotted with c, plus {@code start}: what
     * {@link #addRows(double[], int, double[][], int, double[], int)} adds to z[j], in the same
     * order, for a caller that needs one unit only.
     */
    public static double dotColumn(double start, double[][] rows, int j, double[] c, int count) {
        double z = start;
        int k = 0;
        for (; k + 3 < count; k += 4) {
            z += c[k] * rows[k][j] + c[k + 1] * rows[k + 1][j] + c[k + 2] * rows[k + 2][j] + c[k + 3] * rows[k + 3][j];
        }
        for (; k < count; k++) z += c[k] * rows[k][j];
        return z;
    }

    /**
     * The float form of {@link #dotColumn(double, double[][], int, double[], int)} over a column
     * stored as a row ({@code column[k]} is rows[k][j]), the hidden values rounded to float.
     */
    public static float dotColumn(float start, float[] column, double[] c, int count) {
        float z = start;
        for (int k = 0; k < count; k++) z = Math.fma((float) c[k], column[k], z);
        return z;
    }

    /** c[cFrom + i] += a[aFrom + i] · w for i < m: (m x K) by (K x N), K = w.length, N = w[0].length. */
    public static void mulAdd(double[][] a, int aFrom, double[][] w, double[][] c, int cFrom, int m) {
        final int kk = w.length;
        final int n = w[0].length;
        if (m == 0) return;
        checkProduct("mulAdd", a.length, aFrom, a[aFrom].length, kk, c.length, cFrom, c[cFrom].length, n, m);
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

    /**
     * Whether the float matrix products use the Vector API (the JVM was started with
     * {@code --add-modules jdk.incubator.vector}); the same bits either way, several times faster.
     */
    public static boolean vectorised() {
        return VECTOR;
    }

    /**
     * A row width of at least n that the float matrix products cover with whole blocks: n rounded
     * up to two vectors when {@link #vectorised()}, else n. A caller that pads its rows so (with
     * zero weights in the padding) avoids the products' one-column-at-a-time edge.
     */
    public static int paddedWidth(int n) {
        if (!VECTOR) return n;
        return (n + VectorRowProducts.PANEL - 1) / VectorRowProducts.PANEL * VectorRowProducts.PANEL;
    }

    /** The float form of {@link #mulAdd(double[][], int, double[][], double[][], int, int)}. */
    public static void mulAdd(float[][] a, int aFrom, float[][] w, float[][] c, int cFrom, int m) {
        if (m == 0) return;
        checkProduct("mulAdd", a.length, aFrom, a[aFrom].length, w.length, c.length, cFrom, c[cFrom].length, w[0].length, m);
        if (VECTOR) VectorRowProducts.mulAdd(a, aFrom, w, c, cFrom, m);
        else mulAddLoops(a, aFrom, w, c, cFrom, m);
    }

    /** {@link #mulAdd(float[][], int, float[][], float[][], int, int)} by the auto-vectorised loops. */
    static void mulAddLoops(float[][] a, int aFrom, float[][] w, float[][] c, int cFrom, int m) {
        final int kk = w.length;
        final int n = w[0].length;
        for (int i0 = 0; i0 < m; i0 += BLOCK) {
            final int i1 = Math.min(m, i0 + BLOCK);
            int k = 0;
            for (; k + 3 < kk; k += 4) {
                final float[] w0 = w[k], w1 = w[k + 1], w2 = w[k + 2], w3 = w[k + 3];
                for (int i = i0; i < i1; i++) {
                    final float[] ai = a[aFrom + i];
                    axpy4(c[cFrom + i], n, ai[k], w0, ai[k + 1], w1, ai[k + 2], w2, ai[k + 3], w3);
                }
            }
            for (; k < kk; k++) {
                for (int i = i0; i < i1; i++) axpy(c[cFrom + i], n, a[aFrom + i][k], w[k]);
            }
        }
    }

    /**
     * g[k] += sum over r < m of a[aFrom + r][k] w[r]: (K x m) by (m x N), the transpose of a never
     * formed; K = g.length, N = g[0].length. The weight gradient of a layer over a chunk.
     */
    public static void mulTransAdd(double[][] a, int aFrom, double[][] w, int m, double[][] g) {
        final int kk = g.length;
        final int n = g[0].length;
        if (m == 0) return;
        checkProduct("mulTransAdd", a.length, aFrom, a[aFrom].length, kk, w.length, 0, w[0].length, n, m);
        for (int k0 = 0; k0 < kk; k0 += BLOCK) {
            final int k1 = Math.min(kk, k0 + BLOCK);
            int r = 0;
            for (; r + 3 < m; r += 4) {
                final double[] a0 = a[aFrom + r], a1 = a[aFrom + r + 1], a2 = a[aFrom + r + 2], a3 = a[aFrom + r + 3];
                final double[] w0 = w[r], w1 = w[r + 1], w2 = w[r + 2], w3 = w[r + 3];
                for (int k = k0; k < k1; k++) axpy4(g[k], n, a0[k], w0, a1[k], w1, a2[k], w2, a3[k], w3);
            }
            for (; r < m; r++) {
                for (int k = k0; k < k1; k++) axpy(g[k], n, a[aFrom + r][k], w[r]);
            }
        }
    }

    /** The float form of {@link #mulTransAdd(double[][], int, double[][], int, double[][])}. */
    public static void mulTransAdd(float[][] a, int aFrom, float[][] w, int m, float[][] g) {
        if (m == 0) return;
        checkProduct("mulTransAdd", a.length, aFrom, a[aFrom].length, g.length, w.length, 0, w[0].length, g[0].length, m);
        if (VECTOR) VectorRowProducts.mulTransAdd(a, aFrom, w, m, g);
        else mulTransAddLoops(a, aFrom, w, m, g);
    }

    /** {@link #mulTransAdd(float[][], int, float[][], int, float[][])} by the auto-vectorised loops. */
    static void mulTransAddLoops(float[][] a, int aFrom, float[][] w, int m, float[][] g) {
        final int kk = g.length;
        final int n = g[0].length;
        for (int k0 = 0; k0 < kk; k0 += BLOCK) {
            final int k1 = Math.min(kk, k0 + BLOCK);
            int r = 0;
            for (; r + 3 < m; r += 4) {
                final float[] a0 = a[aFrom + r], a1 = a[aFrom + r + 1], a2 = a[aFrom + r + 2], a3 = a[aFrom + r + 3];
                final float[] w0 = w[r], w1 = w[r + 1], w2 = w[r + 2], w3 = w[r + 3];
                for (int k = k0; k < k1; k++) axpy4(g[k], n, a0[k], w0, a1[k], w1, a2[k], w2, a3[k], w3);
            }
            for (; r < m; r++) {
                for (int k = k0; k < k1; k++) axpy(g[k], n, a[aFrom + r][k], w[r]);
            }
        }
    }

    /** The transpose of rows x cols {@code m} into {@code t} (cols x rows). */
    public static void transpose(double[][] m, double[][] t) {
        if (t.length != m[0].length || t[0].length != m.length) {
            throw new IllegalArgumentException("transpose of " + m.length + " x " + m[0].length + " into " + t.length + " x " + t[0].length);
        }
        for (int i = 0; i < m.length; i++) {
            final double[] row = m[i];
            for (int j = 0; j < row.length; j++) t[j][i] = row[j];
        }
    }

    /**
     * The float form of {@link #transpose(double[][], double[][])} for the leading rows x cols block
     * of {@code m} into {@code t}: callers of the float products pad their rows wider than they use.
     */
    public static void transpose(float[][] m, int rows, int cols, float[][] t) {
        if (rows > m.length || cols > m[0].length || cols > t.length || rows > t[0].length) {
            throw new IllegalArgumentException("transpose of " + rows + " x " + cols + " of " + m.length + " x " + m[0].length
                    + " into " + t.length + " x " + t[0].length);
        }
        for (int i = 0; i < rows; i++) {
            final float[] row = m[i];
            for (int j = 0; j < cols; j++) t[j][i] = row[j];
        }
    }

    private static void checkRows(int zLength, int n, int rowCount, int from, int cLength, int count) {
        if (n > zLength || from < 0 || from + count > rowCount || count > cLength) {
            throw new IllegalArgumentException("addRows: " + n + " units into " + zLength + ", rows " + from + ".." + (from + count)
                    + " of " + rowCount + ", " + count + " coefficients of " + cLength);
        }
    }

    /** m rows from aFrom of a, each at least k long, and m rows from bFrom of b, each at least n long. */
    private static void checkProduct(String what, int aRows, int aFrom, int aCols, int k, int bRows, int bFrom, int bCols, int n, int m) {
        if (aFrom < 0 || aFrom + m > aRows || aCols < k || bFrom < 0 || bFrom + m > bRows || bCols < n) {
            throw new IllegalArgumentException(what + ": " + m + " rows from " + aFrom + " of a " + aRows + " x " + aCols + " matrix (" + k
                    + " columns used) with " + m + " rows from " + bFrom + " of a " + bRows + " x " + bCols + " matrix (" + n + " columns used)");
        }
    }

    private static void axpy4(double[] c, int n, double x0, double[] w0, double x1, double[] w1, double x2, double[] w2, double x3, double[] w3) {
        for (int j = 0; j < n; j++) c[j] += x0 * w0[j] + x1 * w1[j] + x2 * w2[j] + x3 * w3[j];
    }

    private static void axpy(double[] c, int n, double x, double[] w) {
        for (int j = 0; j < n; j++) c[j] += x * w[j];
    }

    private static void axpy4(float[] c, int n, float x0, float[] w0, float x1, float[] w1, float x2, float[] w2, float x3, float[] w3) {
        for (int j = 0; j < n; j++) c[j] = Math.fma(x3, w3[j], Math.fma(x2, w2[j], Math.fma(x1, w1[j], Math.fma(x0, w0[j], c[j]))));
    }

    private static void axpy(float[] c, int n, float x, float[] w) {
        for (int j = 0; j < n; j++) c[j] = Math.fma(x, w[j], c[j]);
    }
}
