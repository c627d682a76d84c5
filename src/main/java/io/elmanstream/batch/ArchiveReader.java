package io.elmanstream.batch;

import io.elmanstream.kafka.TopicReader;
import io.elmanstream.stream.BadRecordException;
import io.elmanstream.stream.Event;
import io.elmanstream.stream.EventCodec;
import io.elmanstream.stream.Utf8Text;
import io.elmanstream.train.Progress;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded read of the event archive: every partition from its earliest offset up to the end
 * offset taken when the read starts (events arriving later are left for the next run). Each key's
 * events of one model become sequences in offset order, split at resets. Only the sequences are
 * held in memory, never the raw records.
 */
public final class ArchiveReader {
    /** What a read found: the sequences, and how many records were read and skipped as unusable. */
    public record Result(List<ArchivedSequence> sequences, long records, long skipped) {
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

    public Result read(String model, Progress progress) {
        Map<String, List<ArchivedSequence>> done = new LinkedHashMap<>();
        Map<String, List<String>[]> open = new HashMap<>();
        // one String object per distinct symbol or target: millions of events share a small vocabulary
        Map<String, String> canonical = new HashMap<>();
        long records = 0, skipped = 0;
        try (var consumer = TopicReader.open(clientConfig, topic, true, new ByteArrayDeserializer())) {
            List<TopicPartition> parts = TopicReader.partitions(consumer);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(parts, Duration.ofSeconds(30));
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            long total = parts.stream().mapToLong(tp -> end.get(tp) - begin.get(tp)).sum();
            List<TopicPartition> remaining = new ArrayList<>(parts.stream().filter(tp -> end.get(tp) > begin.get(tp)).toList());
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
                        continue;
                    }
                    if (!e.model().equals(model)) continue;
                    String key = new String(k, StandardCharsets.UTF_8);
                    List<String>[] seq = open.get(key);
                    if (seq == null || e.reset()) {
                        if (seq != null) close(done, key, model, seq);
                        @SuppressWarnings("unchecked") List<String>[] fresh = new List[]{new ArrayList<>(), new ArrayList<>()};
                        seq = fresh;
                        open.put(key, seq);
                    }
                    seq[0].add(canonical.computeIfAbsent(e.symbol(), x -> x));
                    seq[1].add(e.target() == null ? null : canonical.computeIfAbsent(e.target(), x -> x));
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
        open.forEach((key, seq) -> close(done, key, model, seq));
        List<ArchivedSequence> all = new ArrayList<>();
        done.values().forEach(all::addAll);
        return new Result(all, records, skipped);
    }

    private static void close(Map<String, List<ArchivedSequence>> done, String key, String model, List<String>[] seq) {
        done.computeIfAbsent(key, k -> new ArrayList<>()).add(new ArchivedSequence(key, model, seq[0], seq[1]));
    }
}
