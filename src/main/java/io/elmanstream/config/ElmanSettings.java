package io.elmanstream.config;

import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Every {@code elman.*} setting, defined once with Kafka's {@link ConfigDef}: name, type, default,
 * validator, importance and documentation. {@link AppConfig} is the typed view over what this
 * parses; docs/OPERATIONS.md's settings table is generated from here ({@link #markdownTable()}, checked by a
 * test), so a setting's range and default are written in one place.
 */
public final class ElmanSettings {
    public static final String BROKER_HOST = "elman.broker.host";
    public static final String BROKER_PORT = "elman.broker.port";
    public static final String DATA_DIR = "elman.data.dir";
    public static final String RECENT_WINDOW = "elman.recent.window";
    public static final String MAX_EVENT_BYTES = "elman.max.event.bytes";
    public static final String MAX_KEY_BYTES = "elman.max.key.bytes";
    public static final String DEADLETTER_MAX_BYTES = "elman.deadletter.max.bytes";
    public static final String MODEL_MAX_BYTES = "elman.model.max.bytes";
    public static final String IDLE_STATE_MS = "elman.idle.state.ms";
    public static final String STATE_CACHE_KEYS = "elman.state.cache.keys";
    public static final String TOPICS_DIR = "elman.topics.dir";
    public static final String HTTP_HOST = "elman.http.host";
    public static final String HTTP_PORT = "elman.http.port";
    public static final String HTTP_ADVERTISED_HOST = "elman.http.advertised.host";
    public static final String REPLICATION_FACTOR = "elman.replication.factor";
    public static final String MIN_INSYNC_REPLICAS = "elman.min.insync.replicas";
    public static final String ALERT_WINDOW = "elman.alert.window";
    public static final String ALERT_HYSTERESIS = "elman.alert.hysteresis";
    /** {@code elman.alert.threshold.<model>}: a model's alert threshold in bits, over its own. */
    public static final String ALERT_THRESHOLD_PREFIX = "elman.alert.threshold.";

    /** Upper ends of the key and dead-letter bounds: a dead letter then stays under 256 KiB (AppConfig). */
    public static final int MAX_KEY_BYTES_LIMIT = 16 * 1024;
    public static final int DEAD_LETTER_MAX_BYTES_LIMIT = 16 * 1024;
    public static final int DEFAULT_MODEL_MAX_BYTES = 16 * 1024 * 1024;
    public static final int MODEL_MAX_BYTES_LIMIT = 128 * 1024 * 1024;
    public static final int DEFAULT_STATE_CACHE_KEYS = 10_000;
    public static final int DEFAULT_BROKER_PORT = 9092;
    /** An open alert clears below the threshold less this share of it (offline, predict --alerts takes the same default). */
    public static final double DEFAULT_ALERT_HYSTERESIS = 0.1;

    public static final ConfigDef DEFINITIONS = new ConfigDef()
            .define(BROKER_HOST, Type.STRING, "127.0.0.1", Importance.MEDIUM,
                    "Address the embedded broker binds to (loopback unless set).")
            .define(BROKER_PORT, Type.INT, DEFAULT_BROKER_PORT, between("broker port", 0, 65535, "0..65535"), Importance.MEDIUM,
                    "Port of the embedded broker.")
            .define(DATA_DIR, Type.STRING, "elman-data", Importance.HIGH,
                    "The embedded broker's data, Kafka Streams' state and Kafka's log file live below this folder.")
            .define(RECENT_WINDOW, Type.INT, 32, between(RECENT_WINDOW, 0, 4096, "0..4096"), Importance.MEDIUM,
                    "Symbols kept per key to re-warm its hidden state after a model swap.")
            .define(MAX_EVENT_BYTES, Type.INT, 64 * 1024, between(MAX_EVENT_BYTES, 16, Integer.MAX_VALUE, "at least 16"), Importance.MEDIUM,
                    "Events larger than this go to the dead letter topic (stage parse).")
            .define(MAX_KEY_BYTES, Type.INT, 4 * 1024, between(MAX_KEY_BYTES, 1, MAX_KEY_BYTES_LIMIT, "1.." + MAX_KEY_BYTES_LIMIT),
                    Importance.MEDIUM, "Events whose key is larger than this go to the dead letter topic.")
            .define(DEADLETTER_MAX_BYTES, Type.INT, 16 * 1024,
                    between(DEADLETTER_MAX_BYTES, 64, DEAD_LETTER_MAX_BYTES_LIMIT, "64.." + DEAD_LETTER_MAX_BYTES_LIMIT), Importance.LOW,
                    "A dead letter keeps at most this many bytes of the record's key and of its value.")
            .define(MODEL_MAX_BYTES, Type.INT, DEFAULT_MODEL_MAX_BYTES,
                    between(MODEL_MAX_BYTES, 1024 * 1024, MODEL_MAX_BYTES_LIMIT, 1024 * 1024 + ".." + MODEL_MAX_BYTES_LIMIT), Importance.MEDIUM,
                    "The largest model document (uncompressed JSON) the app publishes, carries and serves.")
            .define(IDLE_STATE_MS, Type.LONG, 0L, between(IDLE_STATE_MS, 0, Long.MAX_VALUE, ">= 0"), Importance.MEDIUM,
                    "A key's state is dropped after this long without events (0 = never).")
            .define(STATE_CACHE_KEYS, Type.INT, DEFAULT_STATE_CACHE_KEYS, between(STATE_CACHE_KEYS, 0, Integer.MAX_VALUE, ">= 0"),
                    Importance.LOW, "Key states a partition keeps in memory as objects in front of its store, written back at each "
                            + "commit (0: Kafka Streams' record cache instead).")
            .define(TOPICS_DIR, Type.STRING, null, Importance.LOW,
                    "A folder of topic definitions to use instead of the jar's topics/.")
            .define(HTTP_HOST, Type.STRING, "127.0.0.1", Importance.MEDIUM,
                    "Address the HTTP side (health, metrics, models, key state) binds to (loopback unless set).")
            .define(HTTP_PORT, Type.INT, 8080, between(HTTP_PORT, -1, 65535, "-1 (off) or 0..65535"), Importance.MEDIUM,
                    "Port of the HTTP side; 0 picks a free one, -1 turns it off.")
            .define(HTTP_ADVERTISED_HOST, Type.STRING, null, Importance.LOW,
                    "The host name other instances use to reach this one for key queries (default: the bind address, or the "
                            + "machine's name when it binds every interface).")
            .define(REPLICATION_FACTOR, Type.INT, null, atLeastOneOrUnset(REPLICATION_FACTOR), Importance.HIGH,
                    "Copies of each partition of the topics the app creates, its own and Kafka Streams' (default: 3 on a cluster "
                            + "of 3 or more brokers, else the topic definitions'); checked only when a topic is created.")
            .define(MIN_INSYNC_REPLICAS, Type.INT, null, atLeastOneOrUnset(MIN_INSYNC_REPLICAS), Importance.HIGH,
                    "min.insync.replicas of those topics (default: 2 when 3 copies are chosen by default, else the broker's).")
            .define(ALERT_WINDOW, Type.INT, 16, between(ALERT_WINDOW, 1, 1024, "1..1024"), Importance.MEDIUM,
                    "Scored events per key whose mean surprisal is compared with the model's alert threshold; a model's own threshold "
                            + "applies only when it was measured over as many events (else set elman.alert.threshold.<model>).")
            .define(ALERT_HYSTERESIS, Type.DOUBLE, DEFAULT_ALERT_HYSTERESIS, ConfigDef.Range.between(0, 1), Importance.LOW,
                    "An open alert clears when the window's mean falls below the threshold less this share of it. Per model: "
                            + "elman.alert.threshold.<model> sets a model's threshold in bits over the one in its training report.");

    private ElmanSettings() {
    }

    /** Parses and validates the given settings (strings from a file, or typed values); unset ones take their defaults. */
    static Map<String, Object> parse(Map<String, Object> given) {
        try {
            Map<String, Object> defined = new HashMap<>(given);
            defined.keySet().removeIf(k -> k.startsWith(ALERT_THRESHOLD_PREFIX));
            return DEFINITIONS.parse(defined);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** Whether a name is one of the settings (the per-model alert thresholds included). */
    public static boolean defines(String name) {
        return DEFINITIONS.names().contains(name) || name.startsWith(ALERT_THRESHOLD_PREFIX) && name.length() > ALERT_THRESHOLD_PREFIX.length();
    }

    /** The per-model alert thresholds among the given settings, by model name; a value that is not a number >= 0 is refused. */
    static Map<String, Double> alertThresholds(Map<String, Object> given) {
        Map<String, Double> out = new TreeMap<>();
        for (Map.Entry<String, Object> e : given.entrySet()) {
            if (!e.getKey().startsWith(ALERT_THRESHOLD_PREFIX)) continue;
            double bits;
            try {
                bits = e.getValue() instanceof Number n ? n.doubleValue() : Double.parseDouble(e.getValue().toString().strip());
            } catch (NumberFormatException x) {
                bits = Double.NaN;
            }
            if (!(bits >= 0) || Double.isInfinite(bits)) {
                throw new IllegalArgumentException(e.getKey() + " must be a number of bits >= 0, got '" + e.getValue() + "'");
            }
            out.put(e.getKey().substring(ALERT_THRESHOLD_PREFIX.length()), bits);
        }
        return out;
    }

    /** The settings as a Markdown table (name, default, valid values, what it does), for docs/OPERATIONS.md. */
    public static String markdownTable() {
        return "| setting | default | valid values | what it does |\n|---|---|---|---|\n" + DEFINITIONS.configKeys().values().stream()
                .map(k -> "| `" + k.name + "` | " + (k.defaultValue == null ? "(unset)" : "`" + k.defaultValue + "`") + " | "
                        + (k.validator == null ? "any" : k.validator.toString()) + " | " + k.documentation + " |")
                .collect(Collectors.joining("\n")) + "\n";
    }

    /** A whole number in [min, max], refused with "NAME must be TEXT, got V". */
    private static ConfigDef.Validator between(String label, long min, long max, String text) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                long v = ((Number) value).longValue();
                if (v < min || v > max) throw new ConfigException(label + " must be " + text + ", got " + value);
            }

            @Override
            public String toString() {
                return text;
            }
        };
    }

    private static ConfigDef.Validator atLeastOneOrUnset(String name) {
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String n, Object value) {
                if (value != null && ((Number) value).intValue() < 1) throw new ConfigException(name + " must be at least 1, got " + value);
            }

            @Override
            public String toString() {
                return "unset, or at least 1";
            }
        };
    }
}
