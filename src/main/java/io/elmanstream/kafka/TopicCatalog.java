package io.elmanstream.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The product's topics, read from the {@code topics/*.properties} files (packed into the jar at
 * build time), which are the single source of topic names: code asks for a role, never a name.
 */
public record TopicCatalog(TopicDefinition events, TopicDefinition predictions, TopicDefinition models,
                           TopicDefinition deadLetter) {

    private static final List<String> ROLES = List.of("events", "predictions", "models", "deadletter");

    /** The definitions shipped with the application. */
    public static TopicCatalog load() {
        Map<String, TopicDefinition> byRole = new LinkedHashMap<>();
        for (String role : ROLES) {
            TopicDefinition d = read("/topics/elman." + role + ".properties");
            if (!d.role().equals(role)) throw new IllegalStateException("topic file for " + role + " declares role " + d.role());
            byRole.put(role, d);
        }
        return new TopicCatalog(byRole.get("events"), byRole.get("predictions"), byRole.get("models"), byRole.get("deadletter"));
    }

    public List<TopicDefinition> all() {
        return List.of(events, predictions, models, deadLetter);
    }

    private static TopicDefinition read(String resource) {
        Properties p = new Properties();
        try (InputStream in = TopicCatalog.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("topic definition " + resource + " is missing from the classpath");
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> configs = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("config.")) configs.put(k.substring("config.".length()), p.getProperty(k));
        }
        return new TopicDefinition(p.getProperty("role"), p.getProperty("name"),
                Integer.parseInt(p.getProperty("partitions")), Short.parseShort(p.getProperty("replication.factor")), configs);
    }
}
