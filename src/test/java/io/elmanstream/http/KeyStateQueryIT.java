package io.elmanstream.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.model.Model;
import io.elmanstream.model.Prediction;
import io.elmanstream.model.Predictor;
import io.elmanstream.records.Event;
import io.elmanstream.records.EventCodec;
import io.elmanstream.serving.ModelTopic;
import io.elmanstream.stream.StreamApp;
import io.elmanstream.testsupport.MeterValues;
import io.elmanstream.testsupport.OfflineOracle;
import io.elmanstream.testsupport.PredictionsReader;
import io.elmanstream.testsupport.TestModels;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static io.elmanstream.testsupport.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances of the app on the real embedded broker, each with its HTTP side: readiness goes
 * from 503 to 200 as each starts; every key's state, asked of either instance, is the owner's
 * answer and equals an offline run; predictions carry the offline pass's surprisal bit for bit;
 * /metrics, read by a Prometheus text-format parser, counts what was produced; /models reports
 * the online quality; bad requests get 4xx.
 */
class KeyStateQueryIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** One instance: its HTTP side and its processor. */
    private record Instance(StatusServer status, StreamApp app, KafkaSession session) implements AutoCloseable {
        static Instance create(AppConfig config) throws Exception {
            KafkaSession session = KafkaSession.open(config, new PrintStream(PrintStream.nullOutputStream()));
            StatusServer status = StatusServer.bind(config);
            StreamApp app = new StreamApp(session, status.advertised());
            return new Instance(status, app, session);
        }

        String base() {
            return "http://127.0.0.1:" + status.port();
        }

        @Override
        public void close() {
            status.close();
            app.close();
            session.close();
        }
    }

    private static HttpResponse<String> call(String method, String url) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(20)).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(Instance i, String path) throws Exception {
        return call("GET", i.base() + path);
    }

    private static String statePath(String key, String model) {
        return "/streams/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20") + "?model=" + model;
    }

    @Test
    void anyInstanceAnswersForAnyKeyWithTheOwnersStateEqualToOfflineAndMetricsCountWhatWasProduced() throws Exception {
        Model xor = TestModels.xor(1, 1);
        Model hello = TestModels.hello(1, 1);
        AppConfig configA = AppConfig.builder().dataDir(dir.resolve("a")).brokerPort(EmbeddedBroker.freePort("127.0.0.1")).httpPort(0).build();
        try (Instance a = Instance.create(configA)) {
            AppConfig configB = AppConfig.builder().dataDir(dir.resolve("b")).bootstrapServers(a.session().bootstrapServers()).httpPort(0).build();
            new ModelTopic(a.session().clientConfig(), a.session().topics()).publish(xor);
            new ModelTopic(a.session().clientConfig(), a.session().topics()).publish(hello);
            assertEquals(503, get(a, "/health/ready").statusCode(), "not ready before the processor is attached");
            a.status().serve(a.app());
            HttpResponse<String> early = get(a, statePath("x-0", "xor"));
            assertEquals(503, early.statusCode(), "no key state before the processor runs: " + early.body());
            assertEquals(503, get(a, "/health/ready").statusCode());
            a.app().start(Duration.ofSeconds(60));
            assertEquals(200, get(a, "/health/ready").statusCode());
            try (Instance b = Instance.create(configB)) {
                b.status().serve(b.app());
                HttpResponse<String> starting = get(b, "/health/ready");
                assertEquals(503, starting.statusCode());
                assertTrue(starting.body().contains("\"reason\":\"starting"), starting.body());
                b.app().start(Duration.ofSeconds(60));
                awaitReady(a, b);

                // the sequences: xor keys with targets, hello keys, and keys that need escaping in a URL
                Random rnd = new Random(5);
                Map<String, List<String>> sequences = new LinkedHashMap<>();
                Map<String, Model> modelOf = new HashMap<>();
                List<String> keys = new ArrayList<>();
                for (int k = 0; k < 12; k++) keys.add("x-" + k);
                for (int k = 0; k < 10; k++) keys.add("h-" + k);
                keys.addAll(List.of("h/ü ?&#%", ""));
                for (String key : keys) {
                    Model m = key.startsWith("x") ? xor : hello;
                    modelOf.put(key, m);
                    List<String> seq = new ArrayList<>();
                    int len = 5 + rnd.nextInt(30);
                    for (int i = 0; i < len; i++) seq.add(m.vocabulary().symbol(rnd.nextInt(m.vocabulary().size())));
                    sequences.put(key, seq);
                }
                int total = 0;
                try (var producer = new KafkaProducer<>(a.session().clientConfig(), new StringSerializer(), new ByteArraySerializer())) {
                    for (var e : sequences.entrySet()) {
                        List<String> seq = e.getValue();
                        for (int i = 0; i < seq.size(); i++) {
                            String target = modelOf.get(e.getKey()) == xor && i > 0
                                    ? Integer.toString(Integer.parseInt(seq.get(i - 1)) ^ Integer.parseInt(seq.get(i))) : null;
                            producer.send(new ProducerRecord<>(a.session().topics().events().name(), e.getKey(),
                                    EventCodec.toJson(new Event(modelOf.get(e.getKey()).name(), seq.get(i), target, false))));
                            total++;
                        }
                    }
                    producer.flush();
                }
                List<JsonNode> out = PredictionsReader.readAll(a.session().clientConfig(), a.session().topics().predictions().name(), total,
                        Duration.ofSeconds(90));
                assertEquals(total, out.size());

                // predictions, surprisal included, equal the offline pass
                Map<String, List<JsonNode>> byKey = new HashMap<>();
                for (JsonNode p : out) byKey.computeIfAbsent(p.get("key").asText(), k -> new ArrayList<>()).add(p);
                long xorEvents = 0;
                long xorRight = 0;
                for (String key : keys) {
                    Model m = modelOf.get(key);
                    List<String> seq = sequences.get(key);
                    int[] symbols = m.encode(String.join(m.spacedSymbols() ? " " : "", seq));
                    int[] targets = new int[symbols.length];
                    for (int i = 0; i < symbols.length; i++) targets[i] = m == xor && i > 0 ? symbols[i - 1] ^ symbols[i] : -1;
                    List<Prediction> offline = new Predictor(m).run(symbols, m == xor ? targets : null);
                    List<JsonNode> got = byKey.get(key);
                    assertEquals(seq.size(), got.size(), key);
                    for (int i = 0; i < got.size(); i++) OfflineOracle.assertSame(offline.get(i), got.get(i));
                    if (m == xor) {
                        xorEvents += seq.size();
                        for (int i = 1; i < symbols.length; i++) if (offline.get(i).predicted().equals(Integer.toString(targets[i]))) xorRight++;
                    }
                }

                // each key's state, asked of both instances: the owner's answer, equal to an offline run
                Set<String> owners = new HashSet<>();
                int ownedByA = 0;
                for (String key : keys) {
                    Model m = modelOf.get(key);
                    HttpResponse<String> fromA = get(a, statePath(key, m.name()));
                    HttpResponse<String> fromB = get(b, statePath(key, m.name()));
                    assertEquals(200, fromA.statusCode(), key + ": " + fromA.body());
                    assertEquals(200, fromB.statusCode(), key + ": " + fromB.body());
                    JsonNode sa = JSON.readTree(fromA.body());
                    assertEquals(sa, JSON.readTree(fromB.body()), "both instances give the owner's answer for '" + key + "'");
                    String owner = sa.get("instance").asText();
                    owners.add(owner);
                    ownedByA += owner.equals(KeyStateRoute.address(a.status().advertised())) ? 1 : 0;
                    List<String> seq = sequences.get(key);
                    assertEquals(key, sa.get("key").asText());
                    assertEquals(m.name(), sa.get("model").asText());
                    assertEquals(1, sa.get("modelVersion").asLong());
                    assertEquals(seq.size(), sa.get("step").asLong(), "the step the next event gets");
                    assertEquals(seq.subList(Math.max(0, seq.size() - configA.recentWindow()), seq.size()),
                            JSON.convertValue(sa.get("recent"), List.class));
                    double[] hidden = offlineHidden(m, seq);
                    assertEquals(hidden.length, sa.get("hidden").size());
                    for (int j = 0; j < hidden.length; j++) {
                        assertEquals(hidden[j], sa.get("hidden").get(j).asDouble(), 0.0, "hidden unit " + j + " of '" + key + "', bit for bit");
                    }
                }
                assertEquals(2, owners.size(), "both instances own keys: " + owners);
                assertTrue(ownedByA > 0 && ownedByA < keys.size(), "each instance answered for the other: A owns " + ownedByA + " of " + keys.size());

                badRequestsAre4xx(a);

                // the meters of both instances add up to what was produced
                MeterRegistry ma = a.status().registry();
                MeterRegistry mb = b.status().registry();
                Map<String, String> xorV1 = Map.of("model", "xor", "version", "1");
                Map<String, String> helloV1 = Map.of("model", "hello", "version", "1");
                assertEquals(xorEvents, sum(ma, mb, "elman.predictions", xorV1), 0.0);
                assertEquals(total - xorEvents, sum(ma, mb, "elman.predictions", helloV1), 0.0);
                assertEquals(xorEvents - 12, sum(ma, mb, "elman.labelled.events", xorV1), 0.0, "every xor event after a key's first has a target");
                assertEquals(xorRight, sum(ma, mb, "elman.correct.labels", xorV1), 0.0);
                assertEquals(total - xorEvents - 12, sum(ma, mb, "elman.surprisal.events", helloV1), 0.0,
                        "every hello event after a key's first has a surprisal");
                assertEquals(total, sum(ma, mb, "elman.step", Map.of()), 0.0, "one step time per event");
                for (MeterRegistry s : List.of(ma, mb)) {
                    double labelled = MeterValues.of(s, "elman.labelled.events", xorV1);
                    if (labelled > 0) {
                        assertEquals(MeterValues.of(s, "elman.correct.labels", xorV1) / labelled, MeterValues.of(s, "elman.online.accuracy", xorV1), 1e-12);
                    }
                    assertTrue(MeterValues.hasMeterStartingWith(s, "jvm.memory.used") && MeterValues.hasMeterStartingWith(s, "kafka.stream.thread.")
                            && MeterValues.hasMeterStartingWith(s, "kafka.producer."), "JVM, Kafka Streams and client metrics");
                }

                // /models: what serves, with the online quality this instance saw
                JsonNode models = JSON.readTree(get(a, "/models").body()).get("models");
                assertEquals(2, models.size());
                for (JsonNode m : models) {
                    Map<String, String> labels = Map.of("model", m.get("name").asText(), "version", "1");
                    assertEquals(MeterValues.of(ma, "elman.predictions", labels), m.get("online").get("predictions").asDouble(), 0.0);
                    assertTrue(m.get("vocabulary").isArray() && m.get("training").has("seed"), m.toString());
                }
                JsonNode helloA = models.get(0).get("name").asText().equals("hello") ? models.get(0) : models.get(1);
                double meanA = MeterValues.of(ma, "elman.surprisal", helloV1) / MeterValues.of(ma, "elman.surprisal.events", helloV1);
                if (MeterValues.of(ma, "elman.surprisal.events", helloV1) > 0) {
                    assertEquals(meanA, helloA.get("online").get("meanSurprisalBits").asDouble(), 1e-12);
                }
            }
        }
    }

    private static void badRequestsAre4xx(Instance i) throws Exception {
        assertEquals(404, get(i, statePath("never-seen", "xor")).statusCode(), "a key without state");
        HttpResponse<String> noModel = get(i, "/streams/x-0");
        assertEquals(400, noModel.statusCode());
        assertTrue(noModel.body().contains("?model=NAME"), noModel.body());
        HttpResponse<String> unknown = get(i, statePath("x-0", "nope"));
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("no model named 'nope'"), unknown.body());
        assertEquals(400, rawStatus(i, "/streams/%zz?model=xor"), "bad percent-encoding");
        assertEquals(400, get(i, "/streams/%ff%fe?model=xor").statusCode(), "not UTF-8");
        assertEquals(400, get(i, statePath("k".repeat(5000), "xor")).statusCode(), "longer than any key with state");
        assertEquals(405, call("POST", i.base() + statePath("x-0", "xor")).statusCode());
        assertEquals(405, call("DELETE", i.base() + "/models").statusCode());
        assertEquals(404, get(i, "/models/x").statusCode());
    }

    /** The status of a request sent as typed, for a path that java.net.URI refuses to build. */
    private static int rawStatus(Instance i, String path) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", i.status().port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String status = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    private static double sum(MeterRegistry a, MeterRegistry b, String name, Map<String, String> tags) {
        return MeterValues.of(a, name, tags) + MeterValues.of(b, name, tags);
    }

    private static double[] offlineHidden(Model m, List<String> seq) {
        int nh = m.net().shape().numHid();
        double[] h = new double[nh];
        double[] next = new double[nh];
        double[] out = new double[m.net().shape().numOut()];
        for (String s : seq) {
            m.net().step(h, m.vocabulary().indexOf(s), next, out);
            double[] t = h;
            h = next;
            next = t;
        }
        return h;
    }

    /** Both ready, and the group's assignment settled on both (each owns partitions). */
    private static void awaitReady(Instance a, Instance b) throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            HttpResponse<String> ra = get(a, "/health/ready");
            HttpResponse<String> rb = get(b, "/health/ready");
            assertTrue(ra.statusCode() == 200 && rb.statusCode() == 200, "both instances ready: " + ra.body() + " " + rb.body());
        });
    }
}
