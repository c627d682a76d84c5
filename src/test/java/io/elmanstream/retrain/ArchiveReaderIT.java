package io.elmanstream.retrain;

import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.records.Event;
import io.elmanstream.records.EventCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The archive read on the real broker: sequences split at resets, one model's events only, records
 * the stream refuses counted as unusable, a bounded read.
 */
class ArchiveReaderIT {
    @TempDir
    Path dir;

    @Test
    void sequencesSplitAtResetsUnusableRecordsSkippedLaterEventsLeftForTheNextRun() throws Exception {
        AppConfig config = AppConfig.builder().dataDir(dir).brokerPort(EmbeddedBroker.freePort("127.0.0.1")).build();
        try (KafkaSession session = KafkaSession.open(config, new PrintStream(PrintStream.nullOutputStream()));
             var producer = new KafkaProducer<>(session.clientConfig(), new StringSerializer(), new ByteArraySerializer())) {
            String events = session.topics().events().name();
            for (Event e : List.of(new Event("xor", "1", null, false), new Event("xor", "0", "1", false),
                    new Event("xor", "1", null, true), new Event("xor", "1", "0", false), new Event("xor", "0", "1", false))) {
                producer.send(new ProducerRecord<>(events, "a", EventCodec.toJson(e)));
            }
            producer.send(new ProducerRecord<>(events, "b", EventCodec.toJson(new Event("hello", "h", null, false))));
            producer.send(new ProducerRecord<>(events, "b", "not json".getBytes()));
            producer.send(new ProducerRecord<>(events, null, EventCodec.toJson(new Event("xor", "1", null, false))));
            producer.flush();
            // keys the stream refuses are unusable here too: not UTF-8, and over elman.max.key.bytes
            try (var raw = new KafkaProducer<>(session.clientConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
                byte[] event = EventCodec.toJson(new Event("xor", "1", null, false));
                raw.send(new ProducerRecord<>(events, new byte[]{'a', (byte) 0xFF}, event));
                raw.send(new ProducerRecord<>(events, "a".repeat(config.maxKeyBytes() + 1).getBytes(), event));
                raw.flush();
            }

            AtomicBoolean late = new AtomicBoolean();
            ArchiveReader.Result r = new ArchiveReader(session.clientConfig(), events, config.maxEventBytes(), config.maxKeyBytes()).read("xor", (done, total, note) -> {
                // events that arrive once the job has started are left for its next run
                if (late.compareAndSet(false, true)) {
                    try {
                        producer.send(new ProducerRecord<>(events, "a", EventCodec.toJson(new Event("xor", "0", "0", false)))).get();
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                }
            });
            assertTrue(late.get());
            assertEquals(10, r.records(), "every record up to the end offsets taken at the start");
            assertEquals(4, r.skipped(), "not JSON, no key, a key that is not UTF-8, a key over the limit");
            assertEquals(List.of(
                    new ArchivedSequence("a", "xor", List.of("1", "0"), Arrays.asList(null, "1")),
                    new ArchivedSequence("a", "xor", List.of("1", "1", "0"), Arrays.asList(null, "0", "1"))), r.sequences());

            ArchiveReader.Result next = new ArchiveReader(session.clientConfig(), events, config.maxEventBytes(), config.maxKeyBytes()).read("xor", (d, t, n) -> { });
            assertEquals(11, next.records());
            assertEquals(List.of("1", "1", "0", "0"), next.sequences().get(1).symbols(), "the late event joins its key's open sequence");
        }
    }

    @Test
    void aWindowKeepsOnlyTheNewestEventsAndCanBeReadAgain() throws Exception {
        AppConfig config = AppConfig.builder().dataDir(dir).brokerPort(EmbeddedBroker.freePort("127.0.0.1")).build();
        try (KafkaSession session = KafkaSession.open(config, new PrintStream(PrintStream.nullOutputStream()));
             var producer = new KafkaProducer<>(session.clientConfig(), new StringSerializer(), new ByteArraySerializer())) {
            String events = session.topics().events().name();
            long now = System.currentTimeMillis();
            for (int i = 0; i < 100; i++) {
                long ts = i < 50 ? now - 7_200_000 : now; // the first half two hours old
                producer.send(new ProducerRecord<>(events, null, ts, "w", EventCodec.toJson(new Event("m", Integer.toString(i % 10), null, false))));
            }
            producer.flush();
            ArchiveReader reader = new ArchiveReader(session.clientConfig(), events, config.maxEventBytes(), config.maxKeyBytes());
            ArchiveReader.Slice recent = reader.slice(new ArchiveReader.Window(0, Instant.ofEpochMilli(now - 3_600_000)));
            assertEquals(50, recent.records(), "only the last hour");
            ArchiveReader.Slice newest = reader.slice(new ArchiveReader.Window(20, null));
            assertEquals(20, newest.records());
            List<String> symbols = newest.read("m", (d, t, n) -> { }).sequences().get(0).symbols();
            assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), symbols);
            producer.send(new ProducerRecord<>(events, "w", EventCodec.toJson(new Event("m", "x", null, false)))).get();
            assertEquals(newest.read("m", (d, t, n) -> { }).sequences(), newest.read("m", (d, t, n) -> { }).sequences(),
                    "a slice reads the same each time, later events not included");
            assertEquals(20, newest.read("m", (d, t, n) -> { }).sequences().get(0).symbols().size());
            assertEquals(101, reader.slice(ArchiveReader.Window.ALL).records());
            IllegalArgumentException bad = Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new ArchiveReader.Window(-1, null));
            assertEquals("--max-events must be >= 0 (0 = all), got -1", bad.getMessage());
        }
    }
}
