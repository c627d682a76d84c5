package io.elmanstream.model;

import java.util.Locale;

/**
 * How a symbol becomes input units: {@link #BIT} feeds the symbol's index (0 or 1) to a single
 * unit, as the tutorial's XOR net does; {@link #ONE_HOT} switches on the unit of the symbol's index.
 */
public enum InputEncoding {
    BIT, ONE_HOT;

    public static InputEncoding parse(String name) {
        for (InputEncoding e : values()) {
            if (e.jsonName().equals(name)) return e;
        }
        throw new IllegalArgumentException("unknown input encoding '" + name + "' (expected bit or one-hot)");
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
