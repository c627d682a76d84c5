package io.elmanstream.http;

import io.elmanstream.cli.Main;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.serving.ModelTopic;
import io.elmanstream.stream.StreamApp;
import io.elmanstream.testsupport.DebianTool;
import io.elmanstream.testsupport.MeterValues;
import io.elmanstream.testsupport.OperatorFiles;
import io.elmanstream.testsupport.PredictionsReader;
import io.elmanstream.testsupport.TestModels;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health, readiness and Prometheus metrics (the product's own counters among them) of a stream processor on the real embedded broker. */
class StatusServerIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

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
             StatusServer status = StatusServer.bind(session.config());
             StreamApp app = new StreamApp(session, status.advertised())) {
            int port = status.port();
            assertEquals(200, call(port, "GET", "/health/live").statusCode());
            HttpResponse<String> unattached = call(port, "GET", "/health/ready");
            assertEquals(503, unattached.statusCode());
            assertTrue(unattached.body().contains("\"state\":\"STARTING\""), unattached.body());
            assertEquals(503, call(port, "GET", "/metrics").statusCode());
            status.serve(app);
            HttpResponse<String> starting = call(port, "GET", "/health/ready");
            assertEquals(503, starting.statusCode());
            assertTrue(starting.body().contains("\"state\":\"CREATED\"") && starting.body().contains("\"reason\":\"starting"), starting.body());

            new ModelTopic(session.clientConfig(), session.topics()).publish(TestModels.xor(1, 1));
            app.start(Duration.ofSeconds(60));
            assertEquals(0, Main.execute("produce", "--bootstrap-servers", session.bootstrapServers(), "--key", "k", "--model", "xor", "1 0 1"));
            assertEquals(0, Main.execute("produce", "--bootstrap-servers", session.bootstrapServers(), "--key", "k", "--model", "nope", "--no-check", "1"));
            assertEquals(3, PredictionsReader.readAll(session.clientConfig(), session.topics().predictions().name(), 3, Duration.ofSeconds(60)).size());
            assertEquals(1, PredictionsReader.readAll(session.clientConfig(), session.topics().deadLetter().name(), 1, Duration.ofSeconds(60)).size());
            HttpResponse<String> ready = call(port, "GET", "/health/ready");
            assertEquals(200, ready.statusCode(), ready.body());
            assertEquals("{\"state\":\"RUNNING\",\"status\":\"ready\"}", ready.body());

            HttpResponse<String> metrics = call(port, "GET", "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            MeterValues.assertPrometheusText(metrics.body());
            for (String family : List.of("jvm_memory_used_bytes", "kafka_stream_thread_", "kafka_producer_", "kafka_stream_elman_rerouted_total",
                    "elman_predictions_total{")) {
                assertTrue(metrics.body().contains("\n" + family), "/metrics has " + family + " (JVM, Kafka Streams, client and the product's own)");
            }
            // every metric the operators' rules and dashboard query is exported, and Prometheus' own linter has nothing to say of ours
            for (String name : OperatorFiles.metricNames()) {
                // a sample's name, or a family's (a summary's samples are NAME_count, NAME_sum, ...)
                assertTrue(metrics.body().contains("\n" + name + "{") || metrics.body().contains("\n" + name + " ")
                        || metrics.body().contains("# TYPE " + name + " "), "/metrics exports " + name);
            }
            Path scrape = dir.resolve("metrics.txt");
            Files.writeString(scrape, metrics.body());
            DebianTool.Result lint = DebianTool.run(List.of("sh", "-c", DebianTool.require("promtool", "prometheus") + " check metrics < " + scrape), 60);
            assertEquals(List.of(), lint.out().lines().filter(l -> l.startsWith("elman_")).toList(), "promtool check metrics on the product's own: " + lint.out());
            MeterRegistry registry = status.registry();
            assertEquals(3.0, MeterValues.of(registry, "elman.predictions", Map.of("model", "xor", "version", "1")), "predictions by model and version");
            assertEquals(1.0, MeterValues.of(registry, "elman.dead.letters", Map.of("stage", "model-missing")), "dead letters by stage");
            assertEquals(3.0 + 1.0, MeterValues.of(registry, "elman.step", Map.of()), "a step time per event, dead letters included");

            assertEquals(405, call(port, "POST", "/health/ready").statusCode());
            assertEquals(404, call(port, "GET", "/nope").statusCode());
            assertEquals(404, call(port, "GET", "/health/ready/more").statusCode());
        }
    }
}
