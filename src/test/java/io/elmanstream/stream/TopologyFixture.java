package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.TopicCatalog;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** The real topology in a TopologyTestDriver, with typed helpers for its topics. */
final class TopologyFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final TopicCatalog topics = TopicCatalog.load();
    final ModelRegistry registry = new ModelRegistry();
    final RefusedOutputs refused = new RefusedOutputs();
    /** The product's own meters, in a registry of their own. */
    final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    final StreamMeters meters = new StreamMeters();
    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> events;
    final TestInputTopic<byte[], byte[]> rawEvents;
    final TestInputTopic<String, byte[]> models;
    final TestOutputTopic<String, byte[]> predictions;
    final TestOutputTopic<String, byte[]> deadLetters;

    TopologyFixture(Path stateDir, AppConfig config) {
        this(stateDir, config, ClusterFacts.standalone(config));
    }

    TopologyFixture(Path stateDir, AppConfig config, ClusterFacts facts) {
        Properties p = StreamsSettings.of(config, "unused:9092", topics, refused);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        meters.use(metrics);
        driver = new TopologyTestDriver(ElmanTopology.build(config, topics, registry, refused, facts, meters), p);
        events = driver.createInputTopic(topics.events().name(), new StringSerializer(), new ByteArraySerializer());
        rawEvents = driver.createInputTopic(topics.events().name(), new ByteArraySerializer(), new ByteArraySerializer());
        models = driver.createInputTopic(topics.models().name(), new StringSerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic(topics.predictions().name(), new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetter().name(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    TopologyFixture(Path stateDir) {
        this(stateDir, AppConfig.builder().dataDir(stateDir).build());
    }

    void publish(Model m) {
        models.pipeInput(m.name(), ModelCodec.toBytes(m, false));
    }

    void send(String key, Event e) {
        events.pipeInput(key, EventCodec.toJson(e));
    }

    List<byte[]> readPredictionBytes() {
        return predictions.readValuesToList();
    }

    List<JsonNode> readPredictions() {
        return read(predictions);
    }

    List<JsonNode> readDeadLetters() {
        return read(deadLetters);
    }

    private static List<JsonNode> read(TestOutputTopic<String, byte[]> topic) {
        List<JsonNode> out = new ArrayList<>();
        for (byte[] v : topic.readValuesToList()) {
            try {
                out.add(JSON.readTree(v));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        driver.close();
    }
}
