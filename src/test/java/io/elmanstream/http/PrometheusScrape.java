package io.elmanstream.http;

import org.hawkular.agent.prometheus.text.TextPrometheusMetricsProcessor;
import org.hawkular.agent.prometheus.types.Counter;
import org.hawkular.agent.prometheus.types.Gauge;
import org.hawkular.agent.prometheus.types.Metric;
import org.hawkular.agent.prometheus.types.MetricFamily;
import org.hawkular.agent.prometheus.types.Summary;
import org.hawkular.agent.prometheus.walkers.CollectorPrometheusMetricsWalker;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A {@code /metrics} answer read by a parser of the Prometheus text format, with lookups by name and labels. */
record PrometheusScrape(List<MetricFamily> families) {

    static PrometheusScrape parse(String text) {
        CollectorPrometheusMetricsWalker walker = new CollectorPrometheusMetricsWalker();
        new TextPrometheusMetricsProcessor(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), walker).walk();
        return new PrometheusScrape(walker.getAllMetricFamilies());
    }

    Optional<MetricFamily> family(String name) {
        return families.stream().filter(f -> f.getName().equals(name)).findFirst();
    }

    boolean hasFamilyStartingWith(String prefix) {
        return families.stream().anyMatch(f -> f.getName().startsWith(prefix));
    }

    /** The value of a counter or gauge sample, or of a summary's count, whose labels include these; 0 when there is none. */
    double value(String family, Map<String, String> labels) {
        return family(family).stream().flatMap(f -> f.getMetrics().stream())
                .filter(m -> m.getLabels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(PrometheusScrape::valueOf).sum();
    }

    private static double valueOf(Metric m) {
        if (m instanceof Counter c) return c.getValue();
        if (m instanceof Gauge g) return g.getValue();
        if (m instanceof Summary s) return s.getSampleCount();
        throw new IllegalArgumentException("no single value in " + m.getName());
    }
}
