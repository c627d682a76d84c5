package io.elmanstream.state;

import org.apache.kafka.common.serialization.BytesDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key state cache in a real task (TopologyTestDriver: RocksDB, the changelog, a commit after
 * every record): what the task reads is what it wrote, at once; what reaches the changelog is one
 * record per key and commit, the last state, or earlier when the cache is full.
 */
class KeyStateCacheTest {
    private static final String STORE = "cached-states";
    private static final String CHANGELOG = "cache-test-" + STORE + "-changelog";

    @TempDir
    Path dir;

    /** A task whose every record runs {@code body} against the store; the record's value names the step. */
    private TopologyTestDriver driver(int maxKeys, BiConsumer<KeyValueStore<Bytes, KeyState>, Record<String, String>> body) {
        return driver(maxKeys, new Properties(), body);
    }

    private TopologyTestDriver driver(int maxKeys, Properties p, BiConsumer<KeyValueStore<Bytes, KeyState>, Record<String, String>> body) {
        Topology t = new Topology();
        t.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "in");
        t.addProcessor("p", () -> new Processor<String, String, Void, Void>() {
            private KeyValueStore<Bytes, KeyState> store;

            @Override
            public void init(ProcessorContext<Void, Void> context) {
                store = context.getStateStore(STORE);
            }

            @Override
            public void process(Record<String, String> r) {
                body.accept(store, r);
            }
        }, "in");
        t.addStateStore(KeyStateCache.builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.Bytes(),
                new KeyStateSerde()), maxKeys), "p");
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "cache-test");
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        return new TopologyTestDriver(t, p);
    }

    private static Bytes key(String k) {
        return Bytes.wrap(k.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyState state(long step) {
        return new KeyState(1, step, new double[]{step * 0.25, -0.5}, RecentSymbols.EMPTY.append("a", 8), 0);
    }

    private static List<String> keysAndSteps(KeyValueIterator<Bytes, KeyState> it) {
        List<String> out = new ArrayList<>();
        try (it) {
            while (it.hasNext()) {
                KeyValue<Bytes, KeyState> kv = it.next();
                out.add(new String(kv.key.get(), StandardCharsets.UTF_8) + "=" + kv.value.step());
            }
        }
        return out;
    }

    private static TestInputTopic<String, String> input(TopologyTestDriver d) {
        return d.createInputTopic("in", new StringSerializer(), new StringSerializer());
    }

    private static TestOutputTopic<Bytes, KeyState> changelog(TopologyTestDriver d) {
        Deserializer<KeyState> states = new KeyStateSerde().deserializer();
        return d.createOutputTopic(CHANGELOG, new BytesDeserializer(), states);
    }

    @Test
    void theTaskReadsWhatItWroteBeforeTheCommitInEveryIteratorOrder() {
        List<List<String>> seen = new ArrayList<>();
        // three keys fill the cache: the second event's new "b" writes "c" back and empties it, so
        // its iterators merge keys only stored (a, c), only cached (b, d) and in both (e)
        try (TopologyTestDriver d = driver(3, (store, r) -> {
            if (r.value().equals("1")) {
                store.put(key("a"), state(1));
                store.put(key("c"), state(1));
                store.put(key("e"), state(1));
                return;
            }
            store.put(key("c"), state(2));
            store.put(key("b"), state(2));
            store.put(key("d"), state(2));
            store.put(key("e"), state(2));
            assertEquals(2, store.get(key("c")).step());
            assertEquals(2, store.get(key("e")).step());
            seen.add(keysAndSteps(store.all()));
            seen.add(keysAndSteps(store.reverseAll()));
            seen.add(keysAndSteps(store.range(key("b"), key("d"))));
            seen.add(keysAndSteps(store.reverseRange(key("b"), key("d"))));
            seen.add(keysAndSteps(store.range(null, key("b"))));
        })) {
            input(d).pipeInput("k", "1");
            input(d).pipeInput("k", "2");
        }
        assertEquals(List.of("a=1", "b=2", "c=2", "d=2", "e=2"), seen.get(0));
        assertEquals(List.of("e=2", "d=2", "c=2", "b=2", "a=1"), seen.get(1));
        assertEquals(List.of("b=2", "c=2", "d=2"), seen.get(2));
        assertEquals(List.of("d=2", "c=2", "b=2"), seen.get(3));
        assertEquals(List.of("a=1", "b=2"), seen.get(4));
    }

    @Test
    void aCommitWritesEachChangedKeyOnceWithItsLastState() {
        try (TopologyTestDriver d = driver(100, (store, r) -> {
            long step = Long.parseLong(r.value());
            for (long s = step; s < step + 3; s++) store.put(key(r.key()), state(s)); // three writes of one key in one event
        })) {
            input(d).pipeInput("x", "10");
            input(d).pipeInput("y", "20");
            input(d).pipeInput("x", "30");
            List<KeyValue<Bytes, KeyState>> logged = changelog(d).readKeyValuesToList();
            assertEquals(3, logged.size(), "one changelog record per key and commit");
            assertEquals(List.of(12L, 22L, 32L), logged.stream().map(kv -> kv.value.step()).toList());
            KeyValueStore<Bytes, KeyState> store = d.getKeyValueStore(STORE);
            assertEquals(32, store.get(key("x")).step());
            assertEquals(22, store.get(key("y")).step());
        }
    }

    @Test
    void aFullCacheWritesItsStatesBackBeforeTakingANewKey() {
        try (TopologyTestDriver d = driver(2, (store, r) -> {
            store.put(key("a"), state(1));
            store.put(key("b"), state(2));
            store.put(key("b"), state(3)); // no new key: nothing written back
            store.put(key("c"), state(4)); // a third key: a and b are written back, the cache emptied
            store.put(key("a"), state(5));
            assertEquals(List.of("a=5", "b=3", "c=4"), keysAndSteps(store.all()));
        })) {
            input(d).pipeInput("k", "1");
            List<String> logged = changelog(d).readKeyValuesToList().stream()
                    .map(kv -> new String(kv.key.get(), StandardCharsets.UTF_8) + "=" + kv.value.step()).toList();
            // a=1 and b=3 when c arrived (in either order), then a=5 and c=4 at the commit
            assertEquals(4, logged.size(), logged.toString());
            assertEquals(List.of("a=1", "b=3"), logged.subList(0, 2).stream().sorted().toList());
            assertEquals(List.of("a=5", "c=4"), logged.subList(2, 4).stream().sorted().toList());
        }
    }

    @Test
    void aDeleteGoesStraightThroughAndHidesTheKeyEverywhere() {
        try (TopologyTestDriver d = driver(100, (store, r) -> {
            if (r.value().equals("put")) {
                store.put(key("a"), state(1));
                store.put(key("b"), state(1));
                return;
            }
            store.put(key("a"), state(2));
            assertEquals(2, store.delete(key("a")).step(), "the delete returns the newest state");
            assertNull(store.get(key("a")));
            assertEquals(List.of("b=1"), keysAndSteps(store.all()));
            if (r.value().equals("delete and put")) store.put(key("a"), state(3)); // the key back within the same commit
        })) {
            input(d).pipeInput("k", "put");
            input(d).pipeInput("k", "delete");
            List<KeyValue<Bytes, KeyState>> logged = changelog(d).readKeyValuesToList();
            KeyValue<Bytes, KeyState> last = logged.get(logged.size() - 1);
            assertEquals(key("a"), last.key);
            assertNull(last.value, "the delete is a tombstone in the changelog");
            assertNull(d.<Bytes, KeyState>getKeyValueStore(STORE).get(key("a")));
            input(d).pipeInput("k", "put");
            input(d).pipeInput("k", "delete and put");
            logged = changelog(d).readKeyValuesToList();
            assertEquals(key("a"), logged.get(logged.size() - 2).key);
            assertNull(logged.get(logged.size() - 2).value, "the tombstone at once");
            assertEquals(key("a"), logged.get(logged.size() - 1).key);
            assertEquals(3, logged.get(logged.size() - 1).value.step(), "the new state at the commit, not lost with the deleted one");
            assertEquals(3, d.<Bytes, KeyState>getKeyValueStore(STORE).get(key("a")).step());
        }
    }

    /** Kafka's own record cache off (its budget 0, which makes Kafka Streams disable caching on every store): this one stays. */
    @Test
    void kafkasCacheBudgetOfZeroLeavesThisCacheOn() {
        Properties p = new Properties();
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        try (TopologyTestDriver d = driver(100, p, (store, r) -> {
            for (long s = 1; s <= 3; s++) store.put(key(r.key()), state(s));
        })) {
            input(d).pipeInput("x", "1");
            List<KeyValue<Bytes, KeyState>> logged = changelog(d).readKeyValuesToList();
            assertEquals(1, logged.size(), "three writes in one event, one changelog record: still cached");
            assertEquals(3, logged.get(0).value.step());
        }
    }

    /** The cache hands back the very state written; what it writes back reads as an equal one, bit for bit. */
    @Test
    void theStateWrittenBackIsTheStateCached() {
        KeyState written = new KeyState(7, 41, new double[]{0.125, -0.0, 1.0 / 3}, 2.5, RecentSymbols.EMPTY.append("é", 4), 99);
        try (TopologyTestDriver d = driver(100, (store, r) -> store.put(key(r.key()), written))) {
            input(d).pipeInput("k", "1");
            assertTrue(written == d.<Bytes, KeyState>getKeyValueStore(STORE).get(key("k")));
            KeyState read = changelog(d).readValue();
            assertEquals(written.step(), read.step());
            assertEquals(written.modelVersion(), read.modelVersion());
            assertEquals(written.normalizer(), read.normalizer());
            assertEquals(written.recent().toList(), read.recent().toList());
            for (int i = 0; i < written.hidden().length; i++) {
                assertEquals(Double.doubleToRawLongBits(written.hidden()[i]), Double.doubleToRawLongBits(read.hidden()[i]));
            }
        }
    }

    /**
     * The changelog offsets stay in RocksDB beside the states, as under Kafka's own caching store:
     * Kafka Streams 4.3 gives a store that does not say it manages them a checkpoint file instead,
     * another recovery path (the one ExactlyOnceIT once failed on with this cache).
     */
    @Test
    void itManagesItsChangelogOffsetsAsKafkasOwnCacheDoes() {
        KeyValueStore<Bytes, KeyState> kafkas = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.Bytes(),
                new KeyStateSerde()).withCachingEnabled().build();
        KeyValueStore<Bytes, KeyState> ours = KeyStateCache.builder(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE),
                Serdes.Bytes(), new KeyStateSerde()), 100).build();
        assertTrue(kafkas.managesOffsets());
        assertEquals(kafkas.managesOffsets(), ours.managesOffsets());
    }

    /**
     * Every default method of the store interfaces is declared here: an interface default is what
     * Kafka adds in an upgrade, and inheriting it (as {@code managesOffsets} once was) silently puts the
     * store on another path than the RocksDB store under it.
     */
    @Test
    void itDeclaresEveryDefaultMethodOfTheStoreInterfaces() {
        List<String> inherited = new ArrayList<>();
        for (Class<?> api : new Class<?>[]{StateStore.class, KeyValueStore.class,
                ReadOnlyKeyValueStore.class, CachedStateStore.class}) {
            for (Method m : api.getMethods()) {
                if (!m.isDefault()) continue;
                try {
                    KeyStateCache.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
                } catch (NoSuchMethodException e) {
                    inherited.add(api.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertEquals(List.of(), inherited, "defaults KeyStateCache inherits instead of passing to the store under it");
    }

    @Test
    void aCachedStateCannotBeChangedThroughWhatAReaderGets() {
        List<Double> seen = new ArrayList<>();
        try (TopologyTestDriver d = driver(10, (store, r) -> {
            if (r.value().equals("write")) store.put(key(r.key()), state(4));
            else {
                store.get(key(r.key())).hidden()[0] = 99;     // a reader scribbles on what it got
                seen.add(store.get(key(r.key())).hidden()[0]);
            }
        })) {
            TestInputTopic<String, String> in = d.createInputTopic("in", new StringSerializer(), new StringSerializer());
            in.pipeInput("k", "write");
            in.pipeInput("k", "read");
        }
        assertEquals(List.of(1.0), seen, "the cached state is as written");
    }

    @Test
    void aPrefixScanSeesTheCachedStatesOverTheStoredOnes() {
        List<String> seen = new ArrayList<>();
        try (TopologyTestDriver d = driver(10, (store, r) -> {
            switch (r.value()) {
                case "write" -> store.put(key(r.key()), state(r.key().length()));
                default -> {
                    try (KeyValueIterator<Bytes, KeyState> it = store.prefixScan("ab", new StringSerializer())) {
                        it.forEachRemaining(kv -> seen.add(new String(kv.key.get(), StandardCharsets.UTF_8) + "@" + kv.value.step()));
                    }
                }
            }
        })) {
            TestInputTopic<String, String> in = d.createInputTopic("in", new StringSerializer(), new StringSerializer());
            in.pipeInput("abc", "write");     // committed after each record: written back
            in.pipeInput("b", "write");
            in.pipeInput("ab", "write");
            in.pipeInput("x", "scan");
        }
        assertEquals(List.of("ab@2", "abc@3"), seen);
    }

    /**
     * A task that Kafka Streams finds corrupted is closed dirty and revived on the same store objects,
     * re-initialised over the store as restored from the changelog: what the cache held of the
     * aborted transaction must be gone, while what it wrote back stays readable from the store.
     */
    @Test
    void aStoreReinitialisedAsARevivedTaskReadsNothingCachedBefore() {
        List<StateStoreContext> contexts = new ArrayList<>();
        Properties p = new Properties();
        Topology t = new Topology();
        t.addSource("in", Serdes.String().deserializer(), Serdes.String().deserializer(), "in");
        t.addProcessor("p", () -> new Processor<String, String, Void, Void>() {
            @Override
            public void init(ProcessorContext<Void, Void> context) {
                contexts.add((StateStoreContext) context);   // the task's real context
            }

            @Override
            public void process(Record<String, String> r) {
            }
        }, "in");
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "revive-test");
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        try (TopologyTestDriver d = new TopologyTestDriver(t, p)) {
            var ctx = contexts.get(0);
            MapStore under = new MapStore();
            KeyStateCache cache = new KeyStateCache(under, 10);
            cache.init(ctx, cache);
            cache.put(key("kept"), state(3));
            cache.flushCache();                                   // committed: in the store
            cache.put(key("kept"), state(4));                     // then changed, and a new key, in a transaction that aborts
            cache.put(key("lost"), state(1));
            cache.init(ctx, cache);                               // revived on the same object
            assertEquals(3, cache.get(key("kept")).step(), "the committed state, not the aborted one");
            assertNull(cache.get(key("lost")), "a key of the aborted transaction only");
            cache.put(key("kept"), state(5));
            cache.close();
            assertEquals(3, under.get(key("kept")).step(), "close drops what was not written back");
        }
    }

    /** A plain map as the store under the cache: what a write-back leaves there, nothing else. */
    private static final class MapStore implements KeyValueStore<Bytes, KeyState> {
        private final TreeMap<Bytes, KeyState> map = new TreeMap<>();

        @Override
        public void put(Bytes key, KeyState value) {
            map.put(key, value);
        }

        @Override
        public KeyState putIfAbsent(Bytes key, KeyState value) {
            return map.putIfAbsent(key, value);
        }

        @Override
        public void putAll(List<KeyValue<Bytes, KeyState>> entries) {
            entries.forEach(e -> map.put(e.key, e.value));
        }

        @Override
        public KeyState delete(Bytes key) {
            return map.remove(key);
        }

        @Override
        public KeyState get(Bytes key) {
            return map.get(key);
        }

        @Override
        public KeyValueIterator<Bytes, KeyState> range(Bytes from, Bytes to) {
            throw new UnsupportedOperationException();
        }

        @Override
        public KeyValueIterator<Bytes, KeyState> all() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long approximateNumEntries() {
            return map.size();
        }

        @Override
        public String name() {
            return STORE;
        }

        @Override
        public void init(StateStoreContext context, StateStore root) {
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public boolean persistent() {
            return false;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public <R> QueryResult<R> query(Query<R> query,
                PositionBound positionBound, QueryConfig config) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Position getPosition() {
            return Position.emptyPosition();
        }
    }
}
