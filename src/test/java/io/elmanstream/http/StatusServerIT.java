package io.elmanstream.http;

import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.cli.Main;
import io.elmanstream.kafka.ModelTopic;
import io.elmanstream.stream.PredictionsReader;
import io.elmanstream.stream.StreamApp;
import io.elmanstream.stream.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health, readiness and Prometheus metrics (the product's own counters among them) of a stream processor on the real embedded broker. */
class StatusServerIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** One sample line of the Prometheus text format: name, optional labels, a number. */
    private static final Pattern SAMPLE = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*})? -?[0-9.eE+-]+|.* (NaN|[+-]Inf)");

    @TempDir
    Path dir;

    private static HttpResponse<String> call(int port, String method, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10)).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyOnlyWhileRunningMetricsInPrometheusTextBadRequestsAre4xx() throws Exception {
        AppConfig config = AppConfig.builder().dataDir(dir).brokerPort(EmbeddedBroker.freePort("127.0.0.1")).httpPort(0).build();
        try (KafkaSession session = KafkaSession.open(config, new PrintStream(PrintStream.nullOutputStream()));
             StreamApp app = new StreamApp(session);
             StatusServer status = StatusServer.of(session.config(), app)) {
            int port = status.port();
            assertEquals(200, call(port, "GET", "/health/live").statusCode());
            HttpResponse<String> starting = call(port, "GET", "/health/ready");
            assertEquals(503, starting.statusCode());
            assertTrue(starting.body().contains("\"state\":\"CREATED\"") && starting.body().contains("\"reason\":\"starting"), starting.body());

            new ModelTopic(session.clientConfig(), session.topics()).publish(TestModels.xor(1, 1));
            app.start(Duration.ofSeconds(60));
            assertEquals(0, Main.execute("produce", "--bootstrap-servers", session.bootstrapServers(), "--key", "k", "--model", "xor", "1 0 1"));
            assertEquals(0, Main.execute("produce", "--bootstrap-servers", session.bootstrapServers(), "--key", "k", "--model", "nope", "1"));
            assertEquals(3, PredictionsReader.readAll(session.clientConfig(), session.topics().predictions().name(), 3, Duration.ofSeconds(60)).size());
            assertEquals(1, PredictionsReader.readAll(session.clientConfig(), session.topics().deadLetter().name(), 1, Duration.ofSeconds(60)).size());
            HttpResponse<String> ready = call(port, "GET", "/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals("{\"state\":\"RUNNING\",\"status\":\"ready\"}", ready.body());

            HttpResponse<String> metrics = call(port, "GET", "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            List<String> samples = metrics.body().lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
            for (String l : samples) assertTrue(SAMPLE.matcher(l).matches(), "a Prometheus sample line: " + l);
            assertTrue(samples.stream().anyMatch(l -> l.startsWith("jvm_memory_used_bytes{")), "JVM metrics");
            assertTrue(samples.stream().anyMatch(l -> l.startsWith("kafka_stream_thread_")), "Kafka Streams metrics");
            assertTrue(samples.stream().anyMatch(l -> l.startsWith("kafka_producer_")), "client metrics");
            assertTrue(samples.contains("elman_predictions_total{model=\"xor\",version=\"1\"} 3.0"), "predictions by model and version");
            assertTrue(samples.contains("elman_dead_letters_total{stage=\"model-missing\"} 1.0"), "dead letters by stage");
            assertTrue(samples.stream().anyMatch(l -> l.startsWith("kafka_stream_elman_rerouted_total{")),
                    "the product's own sensors: " + samples.stream().filter(l -> l.contains("elman")).limit(5).toList());

            assertEquals(405, call(port, "POST", "/health/ready").statusCode());
            assertEquals(404, call(port, "GET", "/nope").statusCode());
            assertEquals(404, call(port, "GET", "/health/ready/more").statusCode());
        }
    }
}
