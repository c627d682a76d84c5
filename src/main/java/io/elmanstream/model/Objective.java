package io.elmanstream.model;

import java.util.Locale;

/**
 * What a model's output means: {@link #LABEL} is the label of the current step (xor: x(t-1) XOR
 * x(t)); {@link #NEXT_SYMBOL} is the distribution of the symbol that comes next.
 */
public enum Objective {
    LABEL, NEXT_SYMBOL;

    public static Objective parse(String name) {
        for (Objective o : values()) {
            if (o.jsonName().equals(name)) return o;
        }
        throw new IllegalArgumentException("unknown objective '" + name + "' (expected label or next-symbol)");
    }

    public String jsonName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
