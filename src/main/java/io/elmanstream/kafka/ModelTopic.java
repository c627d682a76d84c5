package io.elmanstream.kafka;

import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.model.ModelFormatException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Publishing model documents to {@code elman.models} and reading back the newest valid one per name. */
public final class ModelTopic {
    private final Map<String, Object> clientConfig;
    private final String topic;

    public ModelTopic(Map<String, Object> clientConfig, TopicCatalog topics) {
        this.clientConfig = clientConfig;
        this.topic = topics.models().name();
    }

    /** Writes the document (key = model name) and waits for the broker's acknowledgement. */
    public void publish(Model model) throws Exception {
        publishRaw(model.name(), ModelCodec.toBytes(model, false));
    }

    /** Writes any bytes as a model document: the topology validates what it reads. */
    public void publishRaw(String name, byte[] document) throws Exception {
        Map<String, Object> p = new HashMap<>(clientConfig);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, name, document)).get(30, TimeUnit.SECONDS);
        }
    }

    /** The newest valid model per name currently in the topic (read from the start to the end). */
    public Map<String, Model> latest() {
        Map<String, Model> out = new HashMap<>();
        try (var consumer = TopicReader.open(clientConfig, topic, true)) {
            List<TopicPartition> parts = TopicReader.partitions(consumer);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    try {
                        Model m = ModelCodec.fromBytes(r.value());
                        Model cur = out.get(m.name());
                        if (cur == null || m.version() > cur.version()) out.put(m.name(), m);
                    } catch (ModelFormatException ignored) {
                        // refused documents never served; the topology dead-letters them
                    }
                }
            }
        }
        return out;
    }
}
