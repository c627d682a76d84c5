package io.elmanstream.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.elmanstream.config.AppConfig;
import io.elmanstream.stream.StreamApp;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operator's side of a running instance, on the JDK's HTTP server: {@code GET /health/live}
 * (200 while the process runs), {@code GET /health/ready} (200 only while Kafka Streams is
 * RUNNING, else 503 with the state and what it means) and {@code GET /metrics} (Prometheus text).
 * Anything else is a 404, any other method a 405; nothing a client sends can make it answer 500.
 */
public final class StatusServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final Supplier<KafkaStreams.State> state;
    private OperatorMetrics metrics;

    private StatusServer(HttpServer server, Supplier<KafkaStreams.State> state) {
        this.server = server;
        this.state = state;
    }

    /**
     * The status server of a stream processor as configured ({@code elman.http.host}, {@code
     * elman.http.port}), with its metrics; null when the port is -1 (off). Start it before the
     * processor, so that readiness says "starting" while it joins its group.
     */
    public static StatusServer of(AppConfig config, StreamApp app) throws IOException {
        if (config.httpPort() < 0) return null;
        OperatorMetrics metrics = new OperatorMetrics(app);
        try {
            StatusServer s = start(config.httpHost(), config.httpPort(), app::state, metrics.registry());
            s.metrics = metrics;
            return s;
        } catch (RuntimeException | IOException e) {
            metrics.close();
            throw e;
        }
    }

    /**
     * Starts serving on host:port (port 0 picks a free one).
     *
     * @param state what the readiness probe reports (null until the stream processor exists)
     */
    public static StatusServer start(String host, int port, Supplier<KafkaStreams.State> state, PrometheusMeterRegistry registry) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (BindException e) {
            throw new IllegalStateException("HTTP port " + port + " is already in use on " + host + "; pass another --http-port (-1 turns HTTP off)");
        }
        StatusServer s = new StatusServer(server, state);
        server.createContext("/health/live", s.get(ex -> s.json(ex, 200, Map.of("status", "live"))));
        server.createContext("/health/ready", s.get(s::ready));
        server.createContext("/metrics", s.get(ex -> s.send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape())));
        server.createContext("/", ex -> s.json(ex, 404, Map.of("error", "not found: " + ex.getRequestURI().getPath()
                + " (try /health/live, /health/ready, /metrics)")));
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "elman-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return s;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    private HttpHandler get(HttpHandler handler) {
        return ex -> {
            try (ex) {
                if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                    json(ex, 405, Map.of("error", ex.getRequestMethod() + " is not allowed here: use GET"));
                } else if (!ex.getRequestURI().getPath().equals(ex.getHttpContext().getPath())) {
                    json(ex, 404, Map.of("error", "not found: " + ex.getRequestURI().getPath()));
                } else {
                    handler.handle(ex);
                }
            }
        };
    }

    private void ready(HttpExchange ex) throws IOException {
        KafkaStreams.State s = state.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", s == null ? "STARTING" : s.name());
        if (s == KafkaStreams.State.RUNNING) {
            body.put("status", "ready");
            json(ex, 200, body);
            return;
        }
        body.put("status", "not ready");
        body.put("reason", reason(s));
        json(ex, 503, body);
    }

    static String reason(KafkaStreams.State s) {
        if (s == null || s == KafkaStreams.State.CREATED) return "starting: the stream processor has not joined its group yet";
        return switch (s) {
            case REBALANCING -> "rebalancing: partitions are being assigned or state is being restored";
            case PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR -> "stopping: the stream processor is shutting down";
            case ERROR -> "error: the stream processor stopped after a fatal error (see its log)";
            default -> s.name();
        };
    }

    private void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsString(body));
    }

    private void send(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        if (metrics != null) metrics.close();
    }
}
