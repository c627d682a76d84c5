package io.elmanstream.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The ordered symbols of a model: a symbol's index is its input unit and its output unit. */
public record Vocabulary(List<String> symbols, Map<String, Integer> index) {

    public Vocabulary(List<String> symbols) {
        this(List.copyOf(symbols), indexOf(symbols));
    }

    public Vocabulary {
        if (symbols.isEmpty()) throw new IllegalArgumentException("vocabulary is empty");
    }

    private static Map<String, Integer> indexOf(List<String> symbols) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < symbols.size(); i++) {
            String s = symbols.get(i);
            if (s == null || s.isEmpty()) throw new IllegalArgumentException("vocabulary symbol " + i + " is empty");
            if (m.put(s, i) != null) throw new IllegalArgumentException("vocabulary symbol '" + s + "' appears twice");
        }
        return Map.copyOf(m);
    }

    public int size() {
        return symbols.size();
    }

    /** Index of a symbol, or -1 when it is not in the vocabulary. */
    public int indexOf(String symbol) {
        Integer i = index.get(symbol);
        return i == null ? -1 : i;
    }

    public String symbol(int i) {
        return symbols.get(i);
    }

    /** The distinct code points of a text in first-seen order, as a character vocabulary. */
    public static Vocabulary ofCharacters(String text) {
        List<String> chars = text.codePoints().distinct().mapToObj(Character::toString).sorted().toList();
        return new Vocabulary(chars);
    }
}
