package io.elmanstream.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.kafka.TopicReader;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code tail}: prints predictions (or dead letters, or alerts) as they are committed. */
@Command(name = "tail", mixinStandardHelpOptions = true, description = "Print predictions (or dead letters, or alerts) from their topic.")
public final class TailCommand implements Callable<Integer> {
    @Mixin
    ClientOptions kafka;

    @Option(names = "--dead-letters", description = "print the dead letter topic instead")
    boolean deadLetters;

    @Option(names = "--alerts", description = "print the alerts topic instead: keys whose recent surprisal crossed their model's threshold, and back")
    boolean alerts;

    @Option(names = "--from-beginning", description = "start at the oldest record instead of the newest")
    boolean fromBeginning;

    @Range(min = 0)
    @Option(names = "--max", defaultValue = "0", description = "stop after this many records (0 = no limit)")
    long max;

    @Range(min = 0)
    @Option(names = "--timeout", defaultValue = "0", description = "stop after this many seconds without a record (0 = never)")
    long timeoutSeconds;

    @Option(names = "--json", description = "print the raw JSON values")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        try (KafkaSession session = KafkaSession.connect(kafka.toConfig())) {
            if (deadLetters && alerts) throw new IllegalArgumentException("--dead-letters and --alerts: choose one topic");
            String topic = (deadLetters ? session.topics().deadLetter() : alerts ? session.topics().alerts() : session.topics().predictions()).name();
            try (var consumer = TopicReader.open(session.clientConfig(), topic, fromBeginning)) {
                long seen = 0;
                long idleSince = System.nanoTime();
                while (max == 0 || seen < max) {
                    var records = consumer.poll(Duration.ofMillis(200));
                    if (records.isEmpty() && timeoutSeconds > 0 && System.nanoTime() - idleSince > timeoutSeconds * 1_000_000_000L) break;
                    for (ConsumerRecord<String, byte[]> r : records) {
                        idleSince = System.nanoTime();
                        String text = new String(r.value(), StandardCharsets.UTF_8);
                        if (json) System.out.println(text);
                        else {
                            var node = mapper.readTree(r.value());
                            System.out.println(deadLetters ? PredictionLine.formatDeadLetter(node)
                                    : alerts ? PredictionLine.formatAlert(node) : PredictionLine.format(node));
                        }
                        if (max > 0 && ++seen >= max) break;
                    }
                }
            }
        }
        return 0;
    }
}
