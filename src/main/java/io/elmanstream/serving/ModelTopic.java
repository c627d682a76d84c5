package io.elmanstream.serving;

import io.elmanstream.config.ElmanSettings;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.kafka.ModelTransport;
import io.elmanstream.kafka.TopicCatalog;
import io.elmanstream.kafka.TopicReader;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.model.ModelFormatException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** Publishing model documents to {@code elman.models} and reading back the newest valid one per name. */
public final class ModelTopic {
    private final Map<String, Object> clientConfig;
    private final String topic;
    private final ModelTransport transport;

    /** With the default document limit ({@link ElmanSettings#DEFAULT_MODEL_MAX_BYTES}). */
    public ModelTopic(Map<String, Object> clientConfig, TopicCatalog topics) {
        this(clientConfig, topics, new ModelTransport(ElmanSettings.DEFAULT_MODEL_MAX_BYTES));
    }

    /** The models topic of a session's cluster, its documents moved as {@link ModelTransport} says. */
    public static ModelTopic of(KafkaSession session) {
        return new ModelTopic(session.clientConfig(), session.topics(), ModelTransport.of(session.config()));
    }

    public ModelTopic(Map<String, Object> clientConfig, TopicCatalog topics, ModelTransport transport) {
        this.clientConfig = clientConfig;
        this.topic = topics.models().name();
        this.transport = transport;
    }

    /**
     * Writes the model's document (key = model name) and waits for the broker's acknowledgement.
     *
     * @throws IllegalArgumentException in one line when the document is over the limit, or the broker refuses its size
     */
    public void publish(Model model) throws Exception {
        byte[] document = ModelCodec.toBytes(model, false);
        if (document.length > transport.maxDocumentBytes()) {
            throw new IllegalArgumentException(String.format("model %s v%d is a document of %,d bytes, over the limit of %,d bytes "
                    + "(elman.model.max.bytes in the --config file raises it, up to %,d)", model.name(), model.version(), document.length,
                    transport.maxDocumentBytes(), ElmanSettings.MODEL_MAX_BYTES_LIMIT));
        }
        try {
            publishRaw(model.name(), document);
        } catch (ExecutionException | KafkaException e) {
            // the failure comes from the send's future, or from send() itself once the producer failed to start
            if (causedBy(e, TopicAuthorizationException.class)
                    || causedBy(e, ClusterAuthorizationException.class)) {
                // (a producer with Write on no topic at all is refused its producer id, as a cluster authorization failure)
                throw new IllegalStateException("not allowed to write to topic " + topic + ": this user has no WRITE permission on it "
                        + "(only model publishers should; see Access control in docs/OPERATIONS.md)");
            }
            if (!causedBy(e, RecordTooLargeException.class)) throw e;
            throw new IllegalArgumentException(String.format("the broker refused the model document of %,d bytes: topic %s takes at most %s bytes "
                    + "(its max.message.bytes, set when the topic was created; raise it to %,d with kafka-configs.sh --alter --entity-type topics "
                    + "--entity-name %s --add-config max.message.bytes=%d)", document.length, topic, topicLimit(), transport.maxMessageBytes(), topic,
                    transport.maxMessageBytes()));
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) if (type.isInstance(t)) return true;
        return false;
    }

    /** The models topic's max.message.bytes as the broker applies it, or "fewer" when it cannot be read. */
    private String topicLimit() {
        try (var admin = Admin.create(clientConfig)) {
            var resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            String v = admin.describeConfigs(List.of(resource)).all().get(15, TimeUnit.SECONDS).get(resource).get("max.message.bytes").value();
            return String.format("%,d", Long.parseLong(v));
        } catch (Exception e) {
            return "fewer";
        }
    }

    /**
     * Publishes the first version of each model that no version of serves yet, making them only
     * when they are missing, in one transaction under a fixed transactional id. Instances that start
     * together race for that id: each one's {@code initTransactions} fences the one before and
     * aborts its transaction, so at most one of them commits the models; the others learn that they
     * were fenced, and wait for the models to appear.
     *
     * @param make          makes the model of a name (trains it: milliseconds for the reference models)
     * @param transactionalId the same for every instance of the app (prefixed by its application id, which ACLs grant)
     * @return the models this call published, by name; the rest were there already or were published by another instance
     */
    public Map<String, Model> publishFirstVersions(List<String> names, Function<String, Model> make, String transactionalId,
                                             Duration waitForOthers) throws Exception {
        Map<String, Object> p = new HashMap<>(transport.producerConfig(clientConfig));
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        Map<String, Model> published = new LinkedHashMap<>();
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            Map<String, Model> serving = latest();
            for (String name : names) {
                if (serving.containsKey(name)) continue;
                Model m = make.apply(name);
                producer.send(new ProducerRecord<>(topic, name, ModelCodec.toBytes(m, false)));
                published.put(name, m);
            }
            producer.commitTransaction();
            return published;
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            // another instance claimed the id after us and publishes them: wait until they are there
            long deadline = System.nanoTime() + waitForOthers.toNanos();
            while (!latest().keySet().containsAll(names)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("another instance was publishing the first models " + names + " but they did not appear within "
                            + waitForOthers.toSeconds() + " s; start again");
                }
                Thread.sleep(500);
            }
            return Map.of();
        }
    }

    /** Writes any bytes as a model document: the topology validates what it reads. */
    public void publishRaw(String name, byte[] document) throws Exception {
        try (var producer = new KafkaProducer<>(transport.producerConfig(clientConfig), new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, name, document)).get(60, TimeUnit.SECONDS);
        }
    }

    /** The newest valid model per name currently in the topic (read from the start to the end). */
    public Map<String, Model> latest() {
        try {
            return readLatest();
        } catch (TopicAuthorizationException e) {
            throw notAllowedToRead(e);
        }
    }

    private static IllegalStateException notAllowedToRead(TopicAuthorizationException e) {
        return new IllegalStateException("not allowed to read topic " + String.join(", ", e.unauthorizedTopics())
                + ": this user has no READ permission on it (see Access control in docs/OPERATIONS.md)");
    }

    /** A model's newest valid document and when the broker appended it. */
    public record Published(Model model, Instant at) {
    }

    /** The newest valid model per name with the time it was published, by name. */
    public SortedMap<String, Published> published() {
        SortedMap<String, Published> out = new TreeMap<>();
        try {
            read((m, r) -> {
                Published cur = out.get(m.name());
                if (cur == null || m.version() > cur.model().version()) out.put(m.name(), new Published(m, Instant.ofEpochMilli(r.timestamp())));
            });
        } catch (TopicAuthorizationException e) {
            throw notAllowedToRead(e);
        }
        return out;
    }

    private Map<String, Model> readLatest() {
        Map<String, Model> out = new HashMap<>();
        published().forEach((name, p) -> out.put(name, p.model()));
        return out;
    }

    /** Reads the topic from the start to its end, handing every valid document to {@code each}. */
    private void read(BiConsumer<Model, ConsumerRecord<String, byte[]>> each) {
        try (var consumer = TopicReader.open(transport.consumerConfig(clientConfig), topic, true)) {
            List<TopicPartition> parts = TopicReader.partitions(consumer);
            Map<TopicPartition, Long> end = consumer.endOffsets(parts, Duration.ofSeconds(30));
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    Model m;
                    try {
                        m = ModelCodec.fromBytes(r.value());
                    } catch (ModelFormatException ignored) {
                        continue; // refused documents never served; the topology dead-letters them
                    }
                    each.accept(m, r);
                }
            }
        }
    }
}
