package io.elmanstream.model;

/**
 * The precision a net is served in, part of the model. {@link #FLOAT32}: the serving step
 * ({@link ElmanNet#step}) computes with the weights rounded to floats, in float arithmetic, and
 * keeps the hidden state (the context units) as floats; {@link #FLOAT64}: all in double. The
 * stream, an offline run and a restored key take the same step, so they agree bit for bit either
 * way. For a large net float32 halves the state the stream stores and logs per event and the
 * weights each step reads, and runs twice as many units per vector instruction, at a rounding
 * (relative 6e-8 per operation) far below anything a prediction shows. Training computes in double.
 */
public enum Precision {
    FLOAT64, FLOAT32;

    public static Precision parse(String name) {
        for (Precision p : values()) {
            if (p.jsonName().equals(name)) return p;
        }
        throw new IllegalArgumentException("unknown precision '" + name + "' (expected float64 or float32)");
    }

    public String jsonName() {
        return this == FLOAT64 ? "float64" : "float32";
    }

}
