package io.elmanstream.model;

/**
 * The sizes and activations of an Elman net, and where each weight lives in its flat parameter
 * vector: {@code theta1} ((numIn + numHid + 1) x numHid, rows = inputs, context units, bias)
 * followed by {@code theta2} ((numHid + 1) x numOut, rows = hidden units, bias), both row-major.
 * {@code precision} is the precision the net is served in ({@link Precision}).
 */
public record NetShape(int numIn, int numHid, int numOut, InputEncoding encoding,
                       Activation hidden, Activation output, Precision precision) {

    /** A net served in double precision. */
    public NetShape(int numIn, int numHid, int numOut, InputEncoding encoding, Activation hidden, Activation output) {
        this(numIn, numHid, numOut, encoding, hidden, output, Precision.FLOAT64);
    }

    /** Upper bound on any layer size: large enough for real vocabularies, small enough to never exhaust memory. */
    public static final int MAX_UNITS = 4096;

    public NetShape {
        if (numIn < 1 || numHid < 1 || numOut < 1) {
            throw new IllegalArgumentException("layer sizes must be at least 1, got in=" + numIn + " hid=" + numHid + " out=" + numOut);
        }
        if (numIn > MAX_UNITS || numHid > MAX_UNITS || numOut > MAX_UNITS) {
            throw new IllegalArgumentException("layer sizes must be at most " + MAX_UNITS + ", got in=" + numIn + " hid=" + numHid + " out=" + numOut);
        }
        if (encoding == InputEncoding.BIT && numIn != 1) {
            throw new IllegalArgumentException("bit encoding has exactly one input unit, got " + numIn);
        }
        if (!hidden.allowedForHidden()) {
            throw new IllegalArgumentException("hidden activation must be sigmoid or tanh, got " + hidden.jsonName());
        }
        if (output == Activation.TANH) {
            throw new IllegalArgumentException("output activation must be sigmoid or softmax, got tanh");
        }
        if (precision == null) throw new IllegalArgumentException("serving precision missing");
    }

    public NetShape withPrecision(Precision p) {
        return new NetShape(numIn, numHid, numOut, encoding, hidden, output, p);
    }

    public int theta1Rows() {
        return numIn + numHid + 1;
    }

    public int theta2Rows() {
        return numHid + 1;
    }

    public int theta1Size() {
        return theta1Rows() * numHid;
    }

    public int paramCount() {
        return theta1Size() + theta2Rows() * numOut;
    }

    /** Offset of theta1's first context-unit row in the parameter vector. */
    public int contextOffset() {
        return numIn * numHid;
    }

    public int hiddenBiasOffset() {
        return (numIn + numHid) * numHid;
    }

    public int outputBiasOffset() {
        return theta1Size() + numHid * numOut;
    }
}
