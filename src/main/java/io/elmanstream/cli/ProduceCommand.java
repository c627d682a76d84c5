package io.elmanstream.cli;

import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.model.Model;
import io.elmanstream.records.Event;
import io.elmanstream.records.EventCodec;
import io.elmanstream.serving.ModelTopic;
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
import java.util.TreeSet;
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

    @Option(names = "--no-check", description = "send even if the model does not serve or a symbol is outside its vocabulary (such events end as dead letters)")
    boolean noCheck;

    @Parameters(paramLabel = "SYMBOLS", description = "\"1 0 0 1\" for bit models, plain text for character models")
    String symbols;

    @Override
    public Integer call() throws Exception {
        if (symbols.isEmpty()) throw new IllegalArgumentException("no symbols given: pass them as one argument, e.g. \"1 0 0 1\" or \"hello\"");
        try (KafkaSession session = KafkaSession.connect(kafka.toConfig())) {
            Map<String, Model> serving = ModelTopic.of(session).latest();
            Model m = serving.get(model);
            if (m == null && !noCheck) {
                throw new IllegalArgumentException("no model named '" + model + "' is serving (serving: "
                        + (serving.isEmpty() ? "none" : String.join(", ", new TreeSet<>(serving.keySet()))) + "); nothing sent (--no-check sends anyway)");
            }
            List<String> split = m != null ? m.split(symbols) : List.of(symbols.strip().split("\\s+"));
            if (split.isEmpty()) throw new IllegalArgumentException("no symbols in '" + symbols + "' for model " + model + "; nothing sent");
            List<String> labels = targets == null ? null : List.of(targets.strip().split("\\s+"));
            if (m != null && !noCheck) {
                requireInVocabulary(m, split, "symbol");
                if (labels != null) requireInVocabulary(m, labels.stream().filter(t -> !t.equals("?")).toList(), "target");
            }
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

    private static void requireInVocabulary(Model m, List<String> symbols, String what) {
        for (int i = 0; i < symbols.size(); i++) {
            if (m.vocabulary().indexOf(symbols.get(i)) < 0) {
                throw new IllegalArgumentException(what + " '" + symbols.get(i) + "' is not in the vocabulary of model " + m.name() + " v" + m.version()
                        + " " + m.vocabulary().symbols() + "; nothing sent (--no-check sends anyway)");
            }
        }
    }
}
