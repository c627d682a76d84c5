package io.elmanstream.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A shell line's arguments, as the README's command lines write them: words, and "double-quoted" strings taken whole. */
public final class ShellWords {
    private ShellWords() {
    }

    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
        while (m.find()) out.add(m.group(1) != null ? m.group(1) : m.group(2));
        return out;
    }
}
