package io.elmanstream.model;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rounding to IEEE halves and their 16 bits, checked against every one of the 65,536 bit patterns. */
class HalfFloatTest {

    /** Every finite half's value, from its bits by the definition: (-1)^s 2^(e-15) (1 + m/1024), or m 2^-24 when e = 0. */
    private static double definition(int bits) {
        int s = bits >>> 15, e = (bits >>> 10) & 0x1F, m = bits & 0x3FF;
        double v = e == 0 ? m * 0x1p-24 : Math.scalb(1 + m / 1024.0, e - 15);
        return s == 1 ? -v : v;
    }

    @Test
    void everyHalfsBitsGiveItsValueAndBack() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            int e = (bits >>> 10) & 0x1F;
            float v = HalfFloat.value((short) bits);
            if (e == 31) {
                assertEquals((bits & 0x3FF) != 0, Float.isNaN(v), "NaN or infinity: " + Integer.toHexString(bits));
                continue;
            }
            assertEquals(definition(bits), v, 0.0, Integer.toHexString(bits));
            assertEquals(Float.floatToRawIntBits(v), Float.floatToRawIntBits(HalfFloat.round(v)), "a half rounds to itself");
            assertTrue(HalfFloat.isHalf(v));
            assertEquals((short) bits, HalfFloat.bits(v), "bits of " + v);
        }
    }

    /** The fused test and encoding agrees with the two it fuses, on every half and on values between them. */
    @Test
    void exactBitsIsTheBitsOfAHalfAndMinusOneForAnythingElse() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            float v = HalfFloat.value((short) bits);
            assertEquals(Float.isNaN(v) ? -1 : bits, HalfFloat.exactBits(v), Integer.toHexString(bits));
        }
        Random rnd = new Random(12);
        for (int i = 0; i < 200_000; i++) {
            double x = switch (i % 4) {
                case 0 -> HalfFloat.round((float) Math.tanh(rnd.nextGaussian() * 2)); // a half
                case 1 -> (float) Math.tanh(rnd.nextGaussian() * 2); // mostly a float between halves
                case 2 -> Math.tanh(rnd.nextGaussian()); // a double
                default -> Double.longBitsToDouble(rnd.nextLong());
            };
            int expected = HalfFloat.isHalf(x) ? HalfFloat.bits((float) x) & 0xFFFF : -1;
            assertEquals(expected, HalfFloat.exactBits(x), "exactBits(" + x + ")");
        }
        assertEquals(-1, HalfFloat.exactBits(Math.nextUp(0.5)));
        assertEquals(-1, HalfFloat.exactBits(65505f));
        assertEquals(0x7BFF, HalfFloat.exactBits(65504f));
        assertEquals(0x0400, HalfFloat.exactBits(0x1p-14), "the smallest normal half");
        assertEquals(0x03FF, HalfFloat.exactBits(0x1p-14 - 0x1p-24), "the largest subnormal half");
    }

    /** Round to nearest, ties to even: the result is a half, and no half lies closer (exact decimal arithmetic). */
    @Test
    void roundingGivesTheNearestHalfWithTiesToEven() {
        Random rnd = new Random(11);
        for (int i = 0; i < 200_000; i++) {
            float x = switch (i % 3) {
                case 0 -> (float) Math.tanh(rnd.nextGaussian() * 2); // where hidden units live
                case 1 -> (float) (rnd.nextGaussian() * 1e-5); // the subnormal halves
                default -> Float.intBitsToFloat(rnd.nextInt()) % 70000f;
            };
            if (Float.isNaN(x)) continue;
            float r = HalfFloat.round(x);
            if (Float.isInfinite(r)) {
                assertTrue(Math.abs(x) >= 65520f, "only beyond the largest half's rounding range: " + x);
                continue;
            }
            short bits = HalfFloat.bits(r);
            assertEquals(r, HalfFloat.value(bits), 0.0);
            // the neighbouring halves of r are no closer to x, and on a tie r's last bit is 0
            BigDecimal dx = new BigDecimal(x), dr = new BigDecimal(r).subtract(dx).abs();
            int mag = bits & 0x7FFF;
            for (int neighbour : new int[]{mag - 1, mag + 1}) { // the halves either side of r in magnitude, r's sign
                if (neighbour < 0 || neighbour >>> 10 == 31) continue;
                float n = HalfFloat.value((short) ((bits & 0x8000) | neighbour));
                int c = dr.compareTo(new BigDecimal(n).subtract(dx).abs());
                assertTrue(c < 0 || c == 0 && (bits & 1) == 0, x + " rounded to " + r + ", but " + n + " is as close or closer");
            }
        }
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(HalfFloat.round(-1e-9f)), "keeps the sign of zero");
        assertEquals(Float.POSITIVE_INFINITY, HalfFloat.round(65520f), 0f);
        assertEquals(65504f, HalfFloat.round(65519.99f), 0f);
        assertTrue(Float.isNaN(HalfFloat.round(Float.NaN)));
        assertFalse(HalfFloat.isHalf(0.1), "0.1 is not a half");
        assertFalse(HalfFloat.isHalf(Math.nextUp(0.5)), "nor is a double between halves");
    }

    /** The half-state step leaves halves, and its outputs are those of the state it leaves. */
    @Test
    void theHalfStateStepLeavesHalvesThatPredictWhatItPredicted() {
        NetShape shape = new NetShape(5, 30, 5, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX, Precision.FLOAT32_HALF_STATE);
        Random rnd = new Random(2);
        double[] p = new double[shape.paramCount()];
        for (int i = 0; i < p.length; i++) p[i] = rnd.nextGaussian();
        ElmanNet net = new ElmanNet(shape, p);
        ElmanNet.Workspace w = net.workspace();
        double[] h = new double[30], next = new double[30], out = new double[5], again = new double[5];
        for (int t = 0; t < 20; t++) {
            double normalizer = net.step(h, t % 5, next, out, w);
            for (double v : next) assertTrue(HalfFloat.isHalf(v), "unit " + v + " at step " + t);
            assertEquals(normalizer, net.outputs(next, again, w), 0.0);
            for (int j = 0; j < 5; j++) assertEquals(out[j], again[j], 0.0);
            System.arraycopy(next, 0, h, 0, 30);
        }
    }
}
