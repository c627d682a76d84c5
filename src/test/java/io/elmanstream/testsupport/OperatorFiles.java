package io.elmanstream.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The operators' files in ops/: the Prometheus rules and scrape config and the Grafana dashboard, and the metric names they use. */
public final class OperatorFiles {
    public static final Path RULES = Path.of("ops", "prometheus", "alerts.yml");
    public static final Path SCRAPE_CONFIG = Path.of("ops", "prometheus", "prometheus.yml");
    public static final Path DASHBOARD = Path.of("ops", "grafana", "elman-stream.json");
    private static final Pattern METRIC = Pattern.compile("\\b(?:elman|kafka|jvm)_[a-z0-9_]+\\b");

    private OperatorFiles() {
    }

    /** Every metric name the rules and the dashboard query. */
    public static Set<String> metricNames() throws IOException {
        Set<String> names = new TreeSet<>();
        for (Path f : List.of(RULES, DASHBOARD)) {
            Matcher m = METRIC.matcher(Files.readString(f));
            while (m.find()) names.add(m.group());
        }
        return names;
    }
}
