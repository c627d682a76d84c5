package io.elmanstream.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.TopicCatalog;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.records.Event;
import io.elmanstream.records.EventCodec;
import io.elmanstream.serving.ModelRegistry;
import io.elmanstream.stream.ClusterFacts;
import io.elmanstream.stream.ElmanTopology;
import io.elmanstream.stream.RefusedOutputs;
import io.elmanstream.stream.StreamMeters;
import io.elmanstream.stream.StreamsSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
public final class TopologyFixture implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();
    public final TopicCatalog topics = TopicCatalog.load();
    public final ModelRegistry registry = new ModelRegistry();
    public final RefusedOutputs refused = new RefusedOutputs();
    /** The product's own meters, in a registry of their own. */
    public final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    public final StreamMeters meters = new StreamMeters();
    public final TopologyTestDriver driver;
    public final TestInputTopic<String, byte[]> events;
    public final TestInputTopic<byte[], byte[]> rawEvents;
    public final TestInputTopic<String, byte[]> models;
    public final TestOutputTopic<String, byte[]> predictions;
    public final TestOutputTopic<String, byte[]> deadLetters;
    public final TestOutputTopic<String, byte[]> alerts;

    public TopologyFixture(Path stateDir, AppConfig config) {
        this(stateDir, config, ClusterFacts.standalone(config));
    }

    public TopologyFixture(Path stateDir, AppConfig config, ClusterFacts facts) {
        Properties p = StreamsSettings.of(config, "unused:9092", topics, refused);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        meters.use(metrics);
        driver = new TopologyTestDriver(ElmanTopology.build(config, topics, registry, refused, facts, meters), p);
        events = driver.createInputTopic(topics.events().name(), new StringSerializer(), new ByteArraySerializer());
        rawEvents = driver.createInputTopic(topics.events().name(), new ByteArraySerializer(), new ByteArraySerializer());
        models = driver.createInputTopic(topics.models().name(), new StringSerializer(), new ByteArraySerializer());
        predictions = driver.createOutputTopic(topics.predictions().name(), new StringDeserializer(), new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetter().name(), new StringDeserializer(), new ByteArrayDeserializer());
        alerts = driver.createOutputTopic(topics.alerts().name(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    public TopologyFixture(Path stateDir) {
        this(stateDir, AppConfig.builder().dataDir(stateDir).build());
    }

    public void publish(Model m) {
        models.pipeInput(m.name(), ModelCodec.toBytes(m, false));
    }

    public void send(String key, Event e) {
        events.pipeInput(key, EventCodec.toJson(e));
    }

    public List<byte[]> readPredictionBytes() {
        return predictions.readValuesToList();
    }

    public List<JsonNode> readPredictions() {
        return read(predictions);
    }

    public List<JsonNode> readDeadLetters() {
        return read(deadLetters);
    }

    public List<JsonNode> readAlerts() {
        return read(alerts);
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
