package io.elmanstream.model;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernels against EJML's general products, the independent oracle: shapes around the 4-row
 * unrolling and the 16-row blocks (1, 3, 4, 5, 16, 17, 33), double to 1e-12 and float to a few
 * float ulps of the sums; the single-unit forms bit for bit against the full products.
 */
class RowProductsTest {
    private final Random rnd = new Random(42);

    @ParameterizedTest
    @CsvSource({"1,1,1", "3,4,5", "4,16,3", "5,17,33", "16,33,17", "17,5,65", "33,100,65"})
    void mulAddIsEjmlsProductAddedToTheRowsItWasGiven(int m, int k, int n) {
        double[][] a = random(m + 2, k);
        double[][] w = random(k, n);
        double[][] c = random(m + 3, n);
        DMatrixRMaj expected = ejml(c);
        DMatrixRMaj product = new DMatrixRMaj(m, n);
        CommonOps_DDRM.mult(ejml(rows(a, 2, m)), ejml(w), product);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) expected.add(i + 3, j, product.get(i, j));
        }
        RowProducts.mulAdd(a, 2, w, c, 3, m);
        assertClose(expected, c, 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "3,4,5", "4,16,3", "5,17,33", "16,33,17", "17,5,65", "33,100,65"})
    void mulTransAddIsEjmlsTransposedProduct(int m, int k, int n) {
        double[][] a = random(m + 1, k);
        double[][] w = random(m, n);
        double[][] g = random(k, n);
        DMatrixRMaj expected = ejml(g);
        DMatrixRMaj product = new DMatrixRMaj(k, n);
        CommonOps_DDRM.multTransA(ejml(rows(a, 1, m)), ejml(w), product);
        CommonOps_DDRM.addEquals(expected, product);
        RowProducts.mulTransAdd(a, 1, w, m, g);
        assertClose(expected, g, 1e-12);
    }

    @ParameterizedTest
    @CsvSource({"1,1", "3,5", "4,4", "7,65", "100,65", "101,10"})
    void addRowsIsAVectorMatrixProductAndDotColumnIsOneOfItsUnits(int count, int n) {
        double[][] rows = random(count + 2, n);
        double[] c = random(1, count)[0];
        double[] z = random(1, n + 1)[0];
        double[] start = z.clone();
        DMatrixRMaj product = new DMatrixRMaj(1, n);
        CommonOps_DDRM.mult(ejml(new double[][]{c}), ejml(rows(rows, 2, count)), product);
        RowProducts.addRows(z, n, rows, 2, c, count);
        for (int j = 0; j < n; j++) assertEquals(start[j] + product.get(0, j), z[j], 1e-12, "unit " + j);
        assertEquals(start[n], z[n], 0, "units from n on are left alone");
        double[][] from = rows(rows, 2, count);
        for (int j = 0; j < n; j++) {
            assertEquals(z[j], RowProducts.dotColumn(start[j], from, j, c, count), 0, "dotColumn sums unit " + j + " in addRows' order");
        }
    }

    @ParameterizedTest
    @CsvSource({"1,1,1", "3,4,5", "5,17,33", "17,5,65", "33,100,65"})
    void floatProductsAreEjmlsFloatProducts(int m, int k, int n) {
        float[][] a = floats(random(m, k));
        float[][] w = floats(random(k, n));
        float[][] c = new float[m][n];
        FMatrixRMaj product = new FMatrixRMaj(m, n);
        CommonOps_FDRM.mult(ejml(a), ejml(w), product);
        RowProducts.mulAdd(a, 0, w, c, 0, m);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) assertEquals(product.get(i, j), c[i][j], 1e-5f * (k + 1), "c[" + i + "][" + j + "]");
        }
        float[][] g = new float[k][n];
        float[][] d = floats(random(m, n));
        FMatrixRMaj expected = new FMatrixRMaj(k, n);
        CommonOps_FDRM.multTransA(ejml(a), ejml(d), expected);
        RowProducts.mulTransAdd(a, 0, d, m, g);
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < n; j++) assertEquals(expected.get(i, j), g[i][j], 1e-5f * (m + 1), "g[" + i + "][" + j + "]");
        }
    }

    @Test
    void floatAddRowsAndDotColumnSumInTheSameOrder() {
        int count = 101;
        int n = 65;
        float[][] rows = floats(random(count, n));
        double[] hidden = random(1, count)[0];
        float[] c = new float[count];
        for (int k = 0; k < count; k++) c[k] = (float) hidden[k];
        float[] z = new float[n];
        RowProducts.addRows(z, n, rows, 0, c, count);
        for (int j = 0; j < n; j++) {
            float[] column = new float[count];
            for (int k = 0; k < count; k++) column[k] = rows[k][j];
            assertEquals(z[j], RowProducts.dotColumn(0f, column, hidden, count), 0f, "unit " + j);
        }
    }

    @Test
    void transposeSwapsRowsAndColumns() {
        double[][] m = random(3, 5);
        double[][] t = new double[5][3];
        RowProducts.transpose(m, t);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 5; j++) assertEquals(m[i][j], t[j][i], 0);
        }
        float[][] f = new float[3][8]; // rows padded wider than the 5 columns used
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 5; j++) f[i][j] = (float) m[i][j];
        }
        float[][] ft = new float[5][4];
        RowProducts.transpose(f, 3, 5, ft);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 5; j++) assertEquals(f[i][j], ft[j][i], 0f);
        }
        assertEquals(0f, ft[0][3], 0f, "the transpose's padding is left alone");
        assertThrows(IllegalArgumentException.class, () -> RowProducts.transpose(m, new double[3][5]));
        assertThrows(IllegalArgumentException.class, () -> RowProducts.transpose(f, 3, 9, new float[9][3]));
        assertThrows(IllegalArgumentException.class, () -> RowProducts.transpose(f, 3, 5, new float[5][2]));
    }

    @Test
    void aWrongShapeFailsWithItsSizes() {
        double[][] a = random(4, 3);
        double[][] w = random(3, 2);
        IllegalArgumentException rowsOut = assertThrows(IllegalArgumentException.class, () -> RowProducts.mulAdd(a, 2, w, random(4, 2), 0, 3));
        assertTrue(rowsOut.getMessage().contains("3 rows from 2 of a 4 x 3 matrix"), rowsOut.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RowProducts.mulAdd(a, 0, w, random(4, 1), 0, 3));
        assertThrows(IllegalArgumentException.class, () -> RowProducts.mulAdd(a, 0, w, random(4, 2), 2, 3));
        assertThrows(IllegalArgumentException.class, () -> RowProducts.mulAdd(random(4, 2), 0, w, random(4, 2), 0, 3));
        assertThrows(IllegalArgumentException.class, () -> RowProducts.mulTransAdd(a, 2, random(3, 2), 3, random(3, 2)));
        assertThrows(IllegalArgumentException.class, () -> RowProducts.mulTransAdd(a, 0, random(2, 2), 3, random(3, 2)));
        assertThrows(IllegalArgumentException.class, () -> RowProducts.mulTransAdd(a, 0, random(3, 1), 3, random(3, 2)));
        assertThrows(IllegalArgumentException.class, () -> RowProducts.mulTransAdd(a, 0, random(3, 2), 3, random(4, 2)));
        IllegalArgumentException units = assertThrows(IllegalArgumentException.class,
                () -> RowProducts.addRows(new double[2], 3, w, 0, new double[3], 3));
        assertTrue(units.getMessage().contains("3 units into 2"), units.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RowProducts.addRows(new double[2], 2, w, 1, new double[3], 3));
        assertThrows(IllegalArgumentException.class, () -> RowProducts.addRows(new double[2], 2, w, 0, new double[2], 3));
        assertThrows(IllegalArgumentException.class, () -> RowProducts.addRows(new float[2], 2, floats(w), -1, new float[3], 3));
        double[][] untouched = random(4, 2);
        double[][] copy = rows(untouched, 0, 4);
        RowProducts.mulAdd(a, 0, w, untouched, 0, 0);
        RowProducts.mulTransAdd(a, 0, w, 0, untouched);
        for (int i = 0; i < 4; i++) assertEquals(copy[i][1], untouched[i][1], 0, "no rows, no change");
    }

    private double[][] random(int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) row[j] = rnd.nextGaussian();
        }
        return m;
    }

    private static double[][] rows(double[][] m, int from, int count) {
        double[][] r = new double[count][];
        for (int i = 0; i < count; i++) r[i] = m[from + i].clone();
        return r;
    }

    private static float[][] floats(double[][] m) {
        float[][] f = new float[m.length][m[0].length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) f[i][j] = (float) m[i][j];
        }
        return f;
    }

    private static DMatrixRMaj ejml(double[][] m) {
        return new DMatrixRMaj(m);
    }

    private static FMatrixRMaj ejml(float[][] m) {
        return new FMatrixRMaj(m);
    }

    private static void assertClose(DMatrixRMaj expected, double[][] actual, double tolerance) {
        for (int i = 0; i < actual.length; i++) {
            for (int j = 0; j < actual[i].length; j++) assertEquals(expected.get(i, j), actual[i][j], tolerance, "[" + i + "][" + j + "]");
        }
    }
}
