package io.elmanstream.cli;

import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.kafka.ModelTopic;
import io.elmanstream.model.Model;
import io.elmanstream.stream.Event;
import io.elmanstream.stream.EventCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code produce}: publishes a sequence of events for one key, a helper for trying things by hand. */
@Command(name = "produce", mixinStandardHelpOptions = true, description = "Publish events for one stream key to elman.events.")
public final class ProduceCommand implements Callable<Integer> {
    @Mixin
    ClientOptions kafka;

    @Option(names = "--key", required = true, description = "stream key")
    String key;

    @Option(names = "--model", required = true, description = "model name")
    String model;

    @Option(names = "--targets", description = "labels, one per symbol (labelled tasks such as xor); '?' for none")
    String targets;

    @Option(names = "--reset", description = "start a new sequence for the key with the first event")
    boolean reset;

    @Parameters(paramLabel = "SYMBOLS", description = "\"1 0 0 1\" for bit models, plain text for character models")
    String symbols;

    @Override
    public Integer call() throws Exception {
        try (KafkaSession session = KafkaSession.connect(kafka.toConfig())) {
            Model m = session.models().latest().get(model);
            List<String> split = m != null ? m.split(symbols) : List.of(symbols.strip().split("\\s+"));
            List<String> labels = targets == null ? null : List.of(targets.strip().split("\\s+"));
            if (labels != null && labels.size() != split.size()) {
                throw new IllegalArgumentException(split.size() + " symbols but " + labels.size() + " targets");
            }
            Map<String, Object> p = new HashMap<>(session.clientConfig());
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
                for (int i = 0; i < split.size(); i++) {
                    String target = labels == null || labels.get(i).equals("?") ? null : labels.get(i);
                    Event e = new Event(model, split.get(i), target, reset && i == 0);
                    producer.send(new ProducerRecord<>(session.topics().events().name(), key, EventCodec.toJson(e)));
                }
                producer.flush();
            }
            System.out.printf("sent %d events for key %s to %s%n", split.size(), key, session.topics().events().name());
        }
        return 0;
    }
}
