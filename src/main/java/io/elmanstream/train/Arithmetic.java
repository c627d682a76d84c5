package io.elmanstream.train;

import io.elmanstream.model.RowProducts;

import java.util.Locale;

/**
 * The arithmetic minibatch text training runs in: {@link #FLOAT32} (the default: the float row
 * products of the serving step, twice the units per vector instruction) or {@link #FLOAT64}. The
 * weights, Adam's moments and the sum of the threads' gradients stay double either way.
 */
public enum Arithmetic {
    FLOAT32, FLOAT64;

    public static Arithmetic parse(String name) {
        for (Arithmetic a : values()) {
            if (a.jsonName().equals(name)) return a;
        }
        throw new IllegalArgumentException("unknown training arithmetic '" + name + "' (expected float32 or float64)");
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One line for a user: the arithmetic and what computes its matrix products in this JVM. */
    public String describe() {
        if (this == FLOAT64) return "float64, matrix products by auto-vectorised loops";
        return RowProducts.vectorised() ? "float32, matrix products with the Vector API"
                : "float32, matrix products by auto-vectorised loops (java --add-modules jdk.incubator.vector -jar ... runs the faster Vector API ones)";
    }
}
