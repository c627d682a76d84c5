package io.elmanstream.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The product's topics, read from the {@code topics/*.properties} files (packed into the jar at
 * build time), which are the single source of topic names: code asks for a role, never a name.
 */
public record TopicCatalog(TopicDefinition events, TopicDefinition predictions, TopicDefinition models,
                           TopicDefinition deadLetter, TopicDefinition rerouted, TopicDefinition alerts) {

    private static final List<String> ROLES = List.of("events", "predictions", "models", "deadletter", "rerouted", "alerts");

    /** The definitions shipped with the application. */
    public static TopicCatalog load() {
        return load(role -> TopicCatalog.class.getResourceAsStream("/topics/elman." + role + ".properties"), "the jar's topics/");
    }

    /**
     * The definitions in a folder laid out as {@code topics/} ({@code elman.<role>.properties} for
     * every role), to rename topics or change their layout without a rebuild.
     */
    public static TopicCatalog load(Path dir) {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("topics folder not found: " + dir);
        return load(role -> {
            Path f = dir.resolve("elman." + role + ".properties");
            try {
                return Files.isRegularFile(f) ? Files.newInputStream(f) : null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, dir.toString());
    }

    private static TopicCatalog load(Function<String, InputStream> open, String where) {
        Map<String, TopicDefinition> byRole = new LinkedHashMap<>();
        for (String role : ROLES) {
            TopicDefinition d = read(open.apply(role), "elman." + role + ".properties in " + where);
            if (!role.equals(d.role())) throw new IllegalArgumentException("the topic file for " + role + " in " + where + " declares role " + d.role());
            byRole.put(role, d);
        }
        return new TopicCatalog(byRole.get("events"), byRole.get("predictions"), byRole.get("models"), byRole.get("deadletter"),
                byRole.get("rerouted"), byRole.get("alerts"));
    }

    public List<TopicDefinition> all() {
        return List.of(events, predictions, models, deadLetter, rerouted, alerts);
    }

    private static TopicDefinition read(InputStream stream, String what) {
        Properties p = new Properties();
        try (InputStream in = stream) {
            if (in == null) throw new IllegalArgumentException("topic definition " + what + " is missing");
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> configs = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("config.")) configs.put(k.substring("config.".length()), p.getProperty(k));
        }
        try {
            return new TopicDefinition(p.getProperty("role"), required(p, "name", what),
                    Integer.parseInt(required(p, "partitions", what)), Short.parseShort(required(p, "replication.factor", what)), configs);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("topic definition " + what + ": partitions and replication.factor must be whole numbers");
        }
    }

    private static String required(Properties p, String key, String what) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) throw new IllegalArgumentException("topic definition " + what + " has no " + key);
        return v.strip();
    }
}
