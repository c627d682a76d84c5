package io.elmanstream.cli;

import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.kafka.TopicReader;
import io.elmanstream.serving.ModelTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Instances started together on an empty models topic: one trains and publishes the first models, the others are told they exist. */
class ModelBootstrapIT {
    @TempDir
    Path dir;

    @Test
    void instancesStartedTogetherPublishTheFirstModelsOnce() throws Exception {
        AppConfig config = AppConfig.builder().dataDir(dir).brokerPort(EmbeddedBroker.freePort("127.0.0.1")).build();
        int instances = 4;
        try (KafkaSession session = KafkaSession.open(config, new PrintStream(PrintStream.nullOutputStream()))) {
            CyclicBarrier together = new CyclicBarrier(instances);
            ExecutorService pool = Executors.newFixedThreadPool(instances);
            List<Future<String>> said = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                said.add(pool.submit(() -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    together.await();
                    ModelBootstrap.ensure(ModelTopic.of(session), List.of(), new PrintStream(out, true, StandardCharsets.UTF_8), config.applicationId());
                    return out.toString(StandardCharsets.UTF_8);
                }));
            }
            List<String> lines = new ArrayList<>();
            for (Future<String> f : said) lines.addAll(f.get().lines().toList());
            pool.shutdown();
            assertEquals(1, lines.stream().filter(l -> l.startsWith("trained and published model xor v1")).count(), String.join("\n", lines));
            assertEquals(1, lines.stream().filter(l -> l.startsWith("trained and published model hello v1")).count(), String.join("\n", lines));
            assertEquals(instances - 1, lines.stream().filter(l -> l.equals("model xor v1 already in the models topic")).count(), String.join("\n", lines));
            // the topic itself: one committed document per model
            List<String> keys = new ArrayList<>();
            try (var consumer = TopicReader.open(session.clientConfig(), session.topics().models().name(), true)) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (System.nanoTime() < deadline && keys.size() < 2) consumer.poll(Duration.ofMillis(500)).forEach(r -> keys.add(r.key()));
                consumer.poll(Duration.ofSeconds(2)).forEach(r -> keys.add(r.key()));
            }
            keys.sort(null);
            assertEquals(List.of("hello", "xor"), keys);
        }
    }
}
