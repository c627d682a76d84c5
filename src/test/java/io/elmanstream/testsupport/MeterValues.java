package io.elmanstream.testsupport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;

import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a running instance's meters say, read from its Micrometer registry by meter name and tags
 * (a counter's count, a gauge's value, a timer's or summary's count, summed over the meters that
 * match), and one check that the registry's Prometheus answer is well-formed text.
 */
public final class MeterValues {
    /** A sample line of the Prometheus text format 0.0.4: name, optional labels, a value, an optional timestamp. */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\\\n]|\\\\[\\\\\"n])*\",?)*})? "
                    + "(NaN|[+-]Inf|[+-]?[0-9.]+([eE][+-]?[0-9]+)?)( -?[0-9]+)?");
    private static final Pattern COMMENT = Pattern.compile("# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|summary|histogram|untyped))");

    private MeterValues() {
    }

    public static double of(MeterRegistry registry, String name, Map<String, String> tags) {
        Search s = registry.find(name);
        for (Map.Entry<String, String> t : tags.entrySet()) s = s.tag(t.getKey(), t.getValue());
        return s.meters().stream().mapToDouble(MeterValues::valueOf).sum();
    }

    /** Whether the registry holds a meter whose name starts with {@code prefix} (e.g. {@code kafka.stream.thread.}). */
    public static boolean hasMeterStartingWith(MeterRegistry registry, String prefix) {
        return registry.getMeters().stream().anyMatch(m -> m.getId().getName().startsWith(prefix));
    }

    /** Every line of a {@code /metrics} answer is a HELP or TYPE comment or a sample, and there is at least one sample. */
    public static void assertPrometheusText(String body) {
        long samples = 0;
        for (String line : body.split("\n")) {
            if (line.isEmpty()) continue;
            if (line.startsWith("#")) {
                assertTrue(COMMENT.matcher(line).matches(), "not a HELP or TYPE line: " + line);
            } else {
                assertTrue(SAMPLE.matcher(line).matches(), "not a sample line: " + line);
                samples++;
            }
        }
        assertTrue(samples > 0, "no samples in " + body);
    }

    private static double valueOf(Meter m) {
        if (m instanceof Counter c) return c.count();
        if (m instanceof FunctionCounter c) return c.count();
        if (m instanceof Gauge g) return g.value();
        if (m instanceof Timer t) return t.count();
        if (m instanceof DistributionSummary d) return d.count();
        throw new IllegalArgumentException("no single value in " + m.getId());
    }
}
