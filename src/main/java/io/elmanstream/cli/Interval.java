package io.elmanstream.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as a person types them on the command line: a whole number and a unit, "30s", "10m", "6h", "1d", "500ms". */
final class Interval {
    private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private Interval() {
    }

    static Duration parse(String text, String option) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) throw new IllegalArgumentException(option + " takes a number and a unit (ms, s, m, h, d), e.g. 10m; got '" + text + "'");
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.isZero()) throw new IllegalArgumentException(option + " must be more than 0, got '" + text + "'");
        return d;
    }
}
