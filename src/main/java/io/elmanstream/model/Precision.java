package io.elmanstream.model;

/**
 * The precision a net is served in, part of the model. {@link #FLOAT32}: the serving step
 * ({@link ElmanNet#step}) computes with the weights rounded to floats, in float arithmetic, and
 * keeps the hidden state (the context units) as floats; {@link #FLOAT64}: all in double. The
 * stream, an offline run and a restored key take the same step, so they agree bit for bit either
 * way. For a large net float32 halves the state the stream stores and logs per event and the
 * weights each step reads, and runs twice as many units per vector instruction, at a rounding
 * (relative 6e-8 per operation) far below anything a prediction shows. {@link #FLOAT32_HALF_STATE}:
 * as float32, and each new hidden state rounded to the nearest IEEE half ({@link HalfFloat}), which
 * the stream stores in two bytes a unit: half the state again, for a rounding of at most 2^-11
 * relative per step that the net carries on from (docs/BENCHMARKS.md measures what it costs in bits
 * per character). Training computes in double.
 */
public enum Precision {
    FLOAT64, FLOAT32, FLOAT32_HALF_STATE;

    /** What character (softmax text) models are trained and retrained to be served in. */
    public static final Precision CHARACTER_MODELS = FLOAT32_HALF_STATE;

    public static Precision parse(String name) {
        for (Precision p : values()) {
            if (p.jsonName().equals(name)) return p;
        }
        throw new IllegalArgumentException("unknown precision '" + name + "' (expected float64, float32 or float32-half-state)");
    }

    public String jsonName() {
        return switch (this) {
            case FLOAT64 -> "float64";
            case FLOAT32 -> "float32";
            case FLOAT32_HALF_STATE -> "float32-half-state";
        };
    }

    /** Whether the step computes in float ({@link FloatStep}). */
    public boolean single() {
        return this != FLOAT64;
    }

}
