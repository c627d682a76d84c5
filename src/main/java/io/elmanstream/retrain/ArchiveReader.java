package io.elmanstream.retrain;

import io.elmanstream.kafka.TopicReader;
import io.elmanstream.records.BadRecordException;
import io.elmanstream.records.Event;
import io.elmanstream.records.EventCodec;
import io.elmanstream.records.Utf8Text;
import io.elmanstream.train.Progress;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Bounded reads of the event archive. A {@link Slice} fixes, once, which offsets of each partition
 * it covers: up to the end offsets taken when it is made (events arriving later are left for the
 * next run), from the earliest, or only the newest part ({@link Window}); it can then be read any
 * number of times with the same result. Each key's events of one model form sequences in offset
 * order, split at resets.
 */
public final class ArchiveReader {
    /** What a read found: the sequences, and how many records were read and skipped as unusable. */
    public record Result(List<ArchivedSequence> sequences, long records, long skipped) {
    }

    /**
     * Which part of the archive to use: at most the newest {@code maxEvents} records (0 = all; taken
     * from each partition in proportion to its size) and none older than {@code since} (null = any age).
     */
    public record Window(long maxEvents, Instant since) {
        public static final Window ALL = new Window(0, null);

        public Window {
            if (maxEvents < 0) throw new IllegalArgumentException("--max-events must be >= 0 (0 = all), got " + maxEvents);
        }
    }

    /** Receives the usable events of one model, in offset order per partition. */
    public interface EventVisitor {
        void event(String key, Event event);
    }

    private final Map<String, Object> clientConfig;
    private final String topic;
    private final int maxEventBytes;
    private final int maxKeyBytes;

    /** Records the stream refuses (too large, a key that is missing, too long or not UTF-8) are unusable here too. */
    public ArchiveReader(Map<String, Object> clientConfig, String topic, int maxEventBytes, int maxKeyBytes) {
        this.clientConfig = clientConfig;
        this.topic = topic;
        this.maxEventBytes = maxEventBytes;
        this.maxKeyBytes = maxKeyBytes;
    }

    /** The whole archive as it is now, read into sequences. */
    public Result read(String model, Progress progress) {
        return slice(Window.ALL).read(model, progress);
    }

    /** Fixes the offsets of a window of the archive as it is now. */
    public Slice slice(Window window) {
        try (var consumer = TopicReader.open(clientConfig, topic, true, new ByteArrayDeserializer())) {
            List<TopicPartition> parts = TopicReader.partitions(consumer);
            Map<TopicPartition, Long> begin = new HashMap<>(consumer.beginningOffsets(parts, Duration.ofSeconds(30)));
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            if (window.since() != null) {
                Map<TopicPartition, Long> at = new HashMap<>();
                parts.forEach(tp -> at.put(tp, window.since().toEpochMilli()));
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(at, Duration.ofSeconds(30));
                // no record at or after the time: nothing of that partition is new enough
                parts.forEach(tp -> begin.put(tp, Math.max(begin.get(tp), found.get(tp) == null ? end.get(tp) : found.get(tp).offset())));
            }
            long total = parts.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
            if (window.maxEvents() > 0 && total > window.maxEvents()) {
                for (TopicPartition tp : parts) {
                    long size = end.get(tp) - begin.get(tp);
                    begin.put(tp, end.get(tp) - (long) Math.ceil((double) size * window.maxEvents() / total));
                }
            }
            return new Slice(begin, end);
        }
    }

    /** Fixed offset ranges of the archive's partitions, readable again and again. */
    public final class Slice {
        private final Map<TopicPartition, Long> begin;
        private final Map<TopicPartition, Long> end;

        private Slice(Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end) {
            this.begin = begin;
            this.end = end;
        }

        /** How many records the slice covers. */
        public long records() {
            return end.keySet().stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
        }

        /**
         * Passes every usable event of {@code model} to the visitor; holds nothing itself.
         *
         * @return records read and records skipped as unusable, as {@code {read, skipped}}
         */
        public long[] scan(String model, EventVisitor visitor, Progress progress) {
            long records = 0, skipped = 0;
            long total = records();
            try (KafkaConsumer<byte[], byte[]> consumer = TopicReader.open(clientConfig, topic, true, new ByteArrayDeserializer())) {
                List<TopicPartition> parts = TopicReader.partitions(consumer);
                List<TopicPartition> remaining = new ArrayList<>(parts.stream().filter(tp -> end.get(tp) > begin.get(tp)).toList());
                remaining.forEach(tp -> consumer.seek(tp, begin.get(tp)));
                consumer.pause(parts.stream().filter(tp -> !remaining.contains(tp)).toList());
                while (!remaining.isEmpty()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                        if (r.offset() >= end.get(tp)) continue;
                        records++;
                        Event e;
                        byte[] k = r.key();
                        try {
                            e = k == null || k.length > maxKeyBytes || !Utf8Text.isValid(k) ? null : EventCodec.parse(r.value(), maxEventBytes);
                        } catch (BadRecordException ex) {
                            e = null;
                        }
                        if (e == null) {
                            skipped++;
                        } else if (e.model().equals(model)) {
                            visitor.event(new String(k, StandardCharsets.UTF_8), e);
                        }
                    }
                    for (var it = remaining.iterator(); it.hasNext(); ) {
                        TopicPartition tp = it.next();
                        if (consumer.position(tp) >= end.get(tp)) {
                            consumer.pause(List.of(tp));
                            it.remove();
                        }
                    }
                    progress.update(records, total, "reading " + topic);
                }
            }
            return new long[]{records, skipped};
        }

        /** Every sequence of {@code model} in the slice, in memory. */
        public Result read(String model, Progress progress) {
            Sequencer s = new Sequencer(model, key -> true);
            long[] counts = scan(model, s, progress);
            return new Result(s.finish(), counts[0], counts[1]);
        }
    }

    /**
     * Builds sequences from events: a key's events in order, a new sequence at each reset. Only keys
     * the filter accepts are kept; symbols and targets share one String per distinct value, since
     * millions of events share a small vocabulary.
     */
    static final class Sequencer implements EventVisitor {
        private final String model;
        private final Predicate<String> keys;
        private final Map<String, List<ArchivedSequence>> done = new LinkedHashMap<>();
        private final Map<String, List<String>[]> open = new HashMap<>();
        private final Map<String, String> canonical = new HashMap<>();

        Sequencer(String model, Predicate<String> keys) {
            this.model = model;
            this.keys = keys;
        }

        @Override
        public void event(String key, Event e) {
            if (!keys.test(key)) return;
            List<String>[] seq = open.get(key);
            if (seq == null || e.reset()) {
                if (seq != null) close(key, seq);
                @SuppressWarnings("unchecked") List<String>[] fresh = new List[]{new ArrayList<>(), new ArrayList<>()};
                seq = fresh;
                open.put(key, seq);
            }
            seq[0].add(canonical.computeIfAbsent(e.symbol(), x -> x));
            seq[1].add(e.target() == null ? null : canonical.computeIfAbsent(e.target(), x -> x));
        }

        private void close(String key, List<String>[] seq) {
            done.computeIfAbsent(key, k -> new ArrayList<>()).add(new ArchivedSequence(key, model, seq[0], seq[1]));
        }

        List<ArchivedSequence> finish() {
            open.forEach(this::close);
            open.clear();
            List<ArchivedSequence> all = new ArrayList<>();
            done.values().forEach(all::addAll);
            return all;
        }
    }
}
