package io.elmanstream.state;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The key states of one state store partition kept in memory as objects, in front of the
 * changelogged RocksDB store, and written back to it at each commit: the part of Kafka Streams'
 * record cache this store needs, without its costs per event. Kafka's cache holds serialised
 * values in a {@code TreeMap} per partition, so every event paid a tree walk on the get, another on
 * the put and a third at the flush, plus deserialising the state it read and serialising the one it
 * wrote (with the serde, a third of the 65/100 stream thread, docs/BENCHMARKS.md); here the event
 * costs two hash lookups, and a state is serialised once per commit that changed it.
 *
 * <p>Exactly-once: a commit calls {@link #flushCache} before it flushes the producer and commits the
 * transaction (Kafka Streams does so for every store that is a {@link CachedStateStore}, as for its
 * own caching stores), so every state a committed event wrote is in the changelog of the same
 * transaction. Each state is written back under the record context of the event that wrote it,
 * as Kafka's cache does. Unlike Kafka's {@code CachingKeyValueStore}, which writes back on close,
 * this cache drops on close what it has not written back: a clean close follows a commit (which wrote
 * everything back), and after a dirty close under exactly-once Kafka Streams wipes the task's state
 * and restores it from the changelog, so nothing unwritten could be read; under at-least-once the
 * events since the last commit are processed again against the state as of that commit. It is also
 * emptied in {@code init}, for a task revived on the same store object. A delete goes straight through.
 *
 * <p>Threads: the stream thread owning the task writes; interactive queries read from other
 * threads, so the states are in a concurrent map, and a read never changes the cache. Iterators
 * merge the cached states over the store's, so they see what the task wrote since the last commit.
 * When {@code maxKeys} states are cached, a new key writes the dirty ones back and empties the cache.
 */
public final class KeyStateCache implements KeyValueStore<Bytes, KeyState>, CachedStateStore<Bytes, KeyState> {
    private final KeyValueStore<Bytes, KeyState> store;
    private final int maxKeys;
    /** Every cached key, written back or not: a cached state is never older than the store's. */
    private final Map<Bytes, Entry> entries = new ConcurrentHashMap<>();
    /** The entries written since the last write-back, each once. */
    private final List<Entry> dirty = new ArrayList<>();
    private InternalProcessorContext<?, ?> context;

    /**
     * A key's cached state. Only the task's thread changes it; a query on another thread reads
     * {@code state} without a lock, which is safe because a KeyState is immutable (its fields
     * final): it sees a whole state, at worst the one before.
     */
    private static final class Entry {
        final Bytes key;
        KeyState state;
        /** Whether the state awaits write-back (the entry is then in the dirty list). */
        boolean dirty;
        /** The record context of the state's last write: the changelog record's timestamp and headers. */
        ProcessorRecordContext written;

        Entry(Bytes key) {
            this.key = key;
        }
    }

    KeyStateCache(KeyValueStore<Bytes, KeyState> store, int maxKeys) {
        if (maxKeys < 1) throw new IllegalArgumentException("maxKeys must be at least 1, got " + maxKeys);
        this.store = store;
        this.maxKeys = maxKeys;
    }

    /** Builds the cache over what {@code store} builds, with Kafka's own record cache off. */
    public static StoreBuilder<KeyValueStore<Bytes, KeyState>> builder(StoreBuilder<KeyValueStore<Bytes, KeyState>> store, int maxKeys) {
        return new Builder(store.withCachingDisabled(), maxKeys);
    }

    private record Builder(StoreBuilder<KeyValueStore<Bytes, KeyState>> store, int maxKeys)
            implements StoreBuilder<KeyValueStore<Bytes, KeyState>> {
        @Override
        public StoreBuilder<KeyValueStore<Bytes, KeyState>> withCachingEnabled() {
            return this; // this is the cache
        }

        /**
         * Kafka Streams calls this on every store when its own record cache has no budget
         * ({@code statestore.cache.max.bytes=0}); that budget is not this cache's, which
         * {@code elman.state.cache.keys} bounds, so the store stays cached.
         */
        @Override
        public StoreBuilder<KeyValueStore<Bytes, KeyState>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<Bytes, KeyState>> withLoggingEnabled(Map<String, String> config) {
            store.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<Bytes, KeyState>> withLoggingDisabled() {
            store.withLoggingDisabled();
            return this;
        }

        @Override
        public KeyValueStore<Bytes, KeyState> build() {
            return new KeyStateCache(store.build(), maxKeys);
        }

        @Override
        public Map<String, String> logConfig() {
            return store.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return store.loggingEnabled();
        }

        @Override
        public String name() {
            return store.name();
        }
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        // a task revived after corruption re-initialises the same store object over a store restored from the changelog:
        // nothing cached in its life before may be read again
        clearCache();
        // Kafka Streams hands every store its task's context, which carries the record context
        this.context = (InternalProcessorContext<?, ?>) context;
        store.init(context, root);
    }

    @Override
    public KeyState get(Bytes key) {
        Entry e = entries.get(key);
        return e != null ? e.state : store.get(key);
    }

    @Override
    public void put(Bytes key, KeyState value) {
        if (value == null) {
            delete(key);
            return;
        }
        Entry e = entries.get(key); // found at once: the event has just read the key
        if (e == null) {
            if (entries.size() >= maxKeys) {
                flushCache();
                entries.clear();
            }
            e = new Entry(key);
            e.state = value; // before a query can see the entry
            entries.put(key, e);
        }
        e.state = value;
        e.written = context.recordContext();
        if (!e.dirty) {
            e.dirty = true;
            dirty.add(e);
        }
    }

    @Override
    public KeyState putIfAbsent(Bytes key, KeyState value) {
        KeyState old = get(key);
        if (old == null) put(key, value);
        return old;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, KeyState>> entries) {
        for (KeyValue<Bytes, KeyState> e : entries) put(e.key, e.value);
    }

    @Override
    public KeyState delete(Bytes key) {
        Entry e = entries.remove(key);
        KeyState stored = store.delete(key);
        if (e == null) return stored;
        e.dirty = false; // a dirty entry stays listed; the write-back passes over it
        return e.state;
    }

    /** Writes the states changed since the last write-back to the store and its changelog. */
    @Override
    public void flushCache() {
        if (dirty.isEmpty()) return;
        ProcessorRecordContext current = context.recordContext();
        try {
            for (Entry e : dirty) {
                if (!e.dirty) continue; // deleted since
                context.setRecordContext(e.written);
                store.put(e.key, e.state);
                e.dirty = false;
                e.written = null;
            }
        } finally {
            context.setRecordContext(current);
        }
        dirty.clear();
    }

    /** Forgets what was not written back (a task recycled between active and standby). */
    @Override
    public void clearCache() {
        dirty.clear();
        entries.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Bytes, KeyState> listener, boolean sendOldValues) {
        return false; // nothing downstream consumes the store's updates
    }

    @Override
    public void flush() {
        flushCache();
        store.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        flushCache();
        store.commit(changelogOffsets);
    }

    /**
     * The store underneath keeps its changelog offsets with its data (RocksDB does, since Kafka
     * 4.3), and so does this cache, which writes back before it commits them. Without saying so,
     * Kafka Streams takes this store for one that does not, and tracks its offsets in a checkpoint
     * file beside it instead: the path Kafka's own caching store (which passes these through) does
     * not take, and which an exactly-once test saw lose states behind committed predictions.
     */
    @Override
    public boolean managesOffsets() {
        return store.managesOffsets();
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return store.committedOffset(partition);
    }

    @Override
    public void close() {
        clearCache();
        store.close();
    }

    @Override
    public KeyValueIterator<Bytes, KeyState> range(Bytes from, Bytes to) {
        return merged(from, to, false, store.range(from, to));
    }

    @Override
    public KeyValueIterator<Bytes, KeyState> reverseRange(Bytes from, Bytes to) {
        return merged(from, to, true, store.reverseRange(from, to));
    }

    @Override
    public KeyValueIterator<Bytes, KeyState> all() {
        return merged(null, null, false, store.all());
    }

    @Override
    public KeyValueIterator<Bytes, KeyState> reverseAll() {
        return merged(null, null, true, store.reverseAll());
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<Bytes, KeyState> prefixScan(P prefix, PS prefixKeySerializer) {
        byte[] p = prefixKeySerializer.serialize(null, prefix);
        return merged(k -> startsWith(k.get(), p), false, store.prefixScan(prefix, prefixKeySerializer));
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** The cached states in [from, to] (null: unbounded) over the store's, in the store's order. */
    private KeyValueIterator<Bytes, KeyState> merged(Bytes from, Bytes to, boolean reverse, KeyValueIterator<Bytes, KeyState> stored) {
        return merged(k -> (from == null || k.compareTo(from) >= 0) && (to == null || k.compareTo(to) <= 0), reverse, stored);
    }

    /** The cached states whose keys pass {@code wanted} over the store's, in the store's order. */
    private KeyValueIterator<Bytes, KeyState> merged(Predicate<Bytes> wanted, boolean reverse, KeyValueIterator<Bytes, KeyState> stored) {
        List<KeyValue<Bytes, KeyState>> cached = new ArrayList<>();
        entries.forEach((k, e) -> {
            if (wanted.test(k)) cached.add(KeyValue.pair(k, e.state));
        });
        Comparator<Bytes> order = reverse ? Comparator.reverseOrder() : Comparator.naturalOrder();
        cached.sort((a, b) -> order.compare(a.key, b.key));
        return new Merged(cached.iterator(), stored, order);
    }

    /** Two iterators in the same key order as one; on a key both hold, the cached state wins. */
    private static final class Merged implements KeyValueIterator<Bytes, KeyState> {
        private final Iterator<KeyValue<Bytes, KeyState>> cached;
        private final KeyValueIterator<Bytes, KeyState> stored;
        private final Comparator<Bytes> order;
        private KeyValue<Bytes, KeyState> nextCached;

        Merged(Iterator<KeyValue<Bytes, KeyState>> cached, KeyValueIterator<Bytes, KeyState> stored, Comparator<Bytes> order) {
            this.cached = cached;
            this.stored = stored;
            this.order = order;
            this.nextCached = cached.hasNext() ? cached.next() : null;
        }

        @Override
        public boolean hasNext() {
            return nextCached != null || stored.hasNext();
        }

        @Override
        public KeyValue<Bytes, KeyState> next() {
            if (nextCached == null) return stored.next();
            if (stored.hasNext()) {
                int c = order.compare(nextCached.key, stored.peekNextKey());
                if (c > 0) return stored.next();
                if (c == 0) stored.next(); // the stored state is the older one
            }
            KeyValue<Bytes, KeyState> kv = nextCached;
            nextCached = cached.hasNext() ? cached.next() : null;
            return kv;
        }

        @Override
        public Bytes peekNextKey() {
            if (nextCached == null) return stored.peekNextKey();
            if (!stored.hasNext()) return nextCached.key;
            Bytes s = stored.peekNextKey();
            return order.compare(nextCached.key, s) <= 0 ? nextCached.key : s;
        }

        @Override
        public void close() {
            stored.close();
        }
    }

    @Override
    public long approximateNumEntries() {
        return store.approximateNumEntries();
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public boolean persistent() {
        return store.persistent();
    }

    @Override
    public boolean isOpen() {
        return store.isOpen();
    }

    /** Interactive queries of the second API read the store as of the last commit. */
    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return store.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return store.getPosition();
    }
}
