package io.elmanstream.kafka;

import java.util.Map;

/** One topic as defined in {@code topics/}: its role in the product, name, layout and configs. */
public record TopicDefinition(String role, String name, int partitions, short replicationFactor,
                              Map<String, String> configs) {
}
