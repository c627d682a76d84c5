package io.elmanstream.stream;

import io.elmanstream.state.KeyState;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Finds one stream key's hidden state (Kafka Streams interactive queries): the key's partition
 * comes from the same partitioner as the events' ({@code murmur2} of the key's UTF-8 bytes), the
 * group's assignment says which instance holds that partition, and only that instance's active
 * store answers, so a reply is never a stale standby copy.
 */
public final class KeyStateQuery {
    private static final StringSerializer KEYS = new StringSerializer();
    private final KafkaStreams streams;
    private final HostInfo self;

    KeyStateQuery(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** What an instance can say about a key. */
    public sealed interface Answer {
    }

    /** This instance holds the key's partition, and the key has state. */
    public record Found(KeyState state, HostInfo instance) implements Answer {
    }

    /** This instance holds the key's partition and the key has no state under that model. */
    public record Missing(HostInfo instance) implements Answer {
    }

    /** Another instance holds the key's partition: ask it. */
    public record Elsewhere(HostInfo owner) implements Answer {
    }

    /** Nobody can answer now (starting, rebalancing, restoring): try again. */
    public record Unavailable(String reason) implements Answer {
    }

    /** This instance's address as the group knows it ({@code application.server}). */
    public HostInfo self() {
        return self;
    }

    public Answer find(String model, String key) {
        try {
            KeyQueryMetadata where = streams.queryMetadataForKey(ElmanTopology.STATE_STORE, key, KEYS);
            if (where == null || where.equals(KeyQueryMetadata.NOT_AVAILABLE) || where.activeHost().port() < 0) {
                return new Unavailable("the owner of the key's partition is not known yet (the group is starting or rebalancing)");
            }
            if (!where.activeHost().equals(self)) return new Elsewhere(where.activeHost());
            ReadOnlyKeyValueStore<Bytes, KeyState> store = streams.store(StoreQueryParameters
                    .fromNameAndType(ElmanTopology.STATE_STORE, QueryableStoreTypes.<Bytes, KeyState>keyValueStore())
                    .withPartition(where.partition()));
            KeyState s = store.get(ElmanProcessor.storeKey(model, key));
            return s == null ? new Missing(self) : new Found(s, self);
        } catch (InvalidStateStoreException | IllegalStateException e) {
            return new Unavailable("the key's state cannot be read now (" + e.getMessage() + ")");
        }
    }
}
