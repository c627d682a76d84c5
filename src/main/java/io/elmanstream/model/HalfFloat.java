package io.elmanstream.model;

/**
 * IEEE 754 binary16 ("half") values held in floats: rounding a float to the nearest half (ties to
 * even, as the hardware does) and the 16 bits that store one. Java 17 has no Float.floatToFloat16;
 * these are the same mappings for the range a hidden unit lives in and beyond (subnormals,
 * overflow to infinity, NaN kept a NaN).
 */
public final class HalfFloat {
    /** The smallest normal half, 2^-14; below it halves are multiples of 2^-24. */
    private static final float MIN_NORMAL = 0x1p-14f;
    /** Halfway between the largest half (65504) and 65536, where rounding reaches infinity. */
    private static final float OVERFLOW = 65520f;

    private HalfFloat() {
    }

    /** The half nearest to {@code x}, as a float. */
    public static float round(float x) {
        float a = Math.abs(x);
        if (!(a < OVERFLOW)) return Float.isNaN(x) ? x : Math.copySign(Float.POSITIVE_INFINITY, x);
        if (a < MIN_NORMAL) return (float) Math.rint(x * 0x1p24f) * 0x1p-24f; // exact: scaling by powers of two
        int b = Float.floatToRawIntBits(x);
        b += 0x0FFF + ((b >>> 13) & 1); // round the 13 low mantissa bits away, ties to even
        return Float.intBitsToFloat(b & ~0x1FFF);
    }

    /** Whether {@code x} is a half exactly, so that {@link #bits} keeps it. */
    public static boolean isHalf(double x) {
        float f = (float) x;
        return f == x && round(f) == f;
    }

    /** The 16 bits of a float that is a half ({@link #isHalf}); any other float is rounded first. */
    public static short bits(float x) {
        float h = round(x);
        int f = Float.floatToRawIntBits(h);
        int sign = (f >>> 16) & 0x8000;
        float a = Math.abs(h);
        if (Float.isNaN(h)) return (short) (sign | 0x7E00);
        if (a == Float.POSITIVE_INFINITY) return (short) (sign | 0x7C00);
        if (a < MIN_NORMAL) return (short) (sign | (int) (a * 0x1p24f)); // subnormal: the count of 2^-24
        int exponent = ((f >>> 23) & 0xFF) - 127 + 15;
        return (short) (sign | exponent << 10 | (f >>> 13) & 0x3FF);
    }

    /**
     * The 16 bits of {@code x} if it is a half exactly, else -1: {@link #isHalf} and {@link #bits}
     * in one, with a short path for the normal halves, where the half's exponent and mantissa are
     * the float's, rebiased and shortened (every hidden unit of a half-state net but exact zeros).
     */
    public static int exactBits(double x) {
        float f = (float) x;
        int b = Float.floatToRawIntBits(f);
        int mag = b & 0x7FFFFFFF;
        if (f == x && (b & 0x1FFF) == 0 && mag >= 0x38800000 && mag <= 0x477FE000) { // 2^-14 .. 65504
            return (b >>> 16 & 0x8000) | (mag - 0x38000000) >>> 13; // float exponent bias 127, half's 15: 112 << 23
        }
        return isHalf(x) ? bits(f) & 0xFFFF : -1;
    }

    /** The value of 16 half bits, as a float (exact). */
    public static float value(short bits) {
        int h = bits & 0xFFFF;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1F;
        int mantissa = h & 0x3FF;
        if (exponent == 0) {
            float m = mantissa * 0x1p-24f;
            return sign != 0 ? -m : m;
        }
        if (exponent == 31) return Float.intBitsToFloat(sign | 0x7F800000 | mantissa << 13);
        return Float.intBitsToFloat(sign | ((h & 0x7FFF) + 0x1C000) << 13); // normal: exponent rebiased by 112, mantissa widened
    }
}
