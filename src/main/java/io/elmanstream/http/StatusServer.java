package io.elmanstream.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.elmanstream.config.AppConfig;
import io.elmanstream.stream.StreamApp;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The operator's side of a running instance, on the JDK's HTTP server: {@code GET /health/live}
 * (200 while the process runs), {@code GET /health/ready} (200 only while Kafka Streams is
 * RUNNING, else 503 with the state and what it means), {@code GET /metrics} (Prometheus text),
 * {@code GET /streams/{key}?model=NAME} (a key's state, from any instance) and {@code GET
 * /models}. Anything else is a 404, any other method a 405; nothing a client sends can make it
 * answer 500.
 *
 * <p>It binds before the stream processor exists, because the processor must advertise the
 * address it answers on to its group; {@link #serve} then attaches the processor.
 */
public final class StatusServer implements AutoCloseable {
    private static final String ROUTES = "live page at /; /health/live, /health/ready, /metrics, /models, /alerts, /streams/{key}?model=NAME";
    private final HttpServer server;
    private final HostInfo advertised;
    private final int maxKeyBytes;
    private volatile Attached attached;

    /** What serves once the processor exists. */
    private record Attached(StreamApp app, OperatorMetrics metrics, KeyStateRoute keys, ModelsRoute models, AlertFeed alerts) {
    }

    private final AtomicBoolean closed = new AtomicBoolean();

    private StatusServer(HttpServer server, HostInfo advertised, int maxKeyBytes) {
        this.server = server;
        this.advertised = advertised;
        this.maxKeyBytes = maxKeyBytes;
    }

    /**
     * Binds the status server as configured ({@code elman.http.host}, {@code elman.http.port}, port 0
     * picks a free one) and starts answering: not ready until {@link #serve} attaches a processor
     * and it runs. Null when the port is -1 (off).
     */
    public static StatusServer bind(AppConfig config) throws IOException {
        if (config.httpPort() < 0) return null;
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.httpHost(), config.httpPort()), 0);
        } catch (BindException e) {
            throw new IllegalStateException("HTTP port " + config.httpPort() + " is already in use on " + config.httpHost()
                    + "; pass another --http-port (-1 turns HTTP off)");
        }
        HostInfo advertised = new HostInfo(config.httpAdvertisedHost().orElse(advertisedHost(config.httpHost())), server.getAddress().getPort());
        StatusServer s = new StatusServer(server, advertised, config.maxKeyBytes());
        server.createContext("/health/live", s.get(true, ex -> s.send(ex, Reply.of(200, Map.of("status", "live")))));
        server.createContext("/health/ready", s.get(true, s::ready));
        server.createContext("/metrics", s.get(true, s::metrics));
        server.createContext("/models", s.get(true, ex -> s.send(ex, s.attached == null ? starting() : s.attached.models().answer())));
        server.createContext(KeyStateRoute.PATH, s.get(false, ex -> s.send(ex, s.attached == null ? starting()
                : s.attached.keys().answer(ex.getRequestURI(), ex.getRequestHeaders().getFirst(KeyStateRoute.FORWARDED)))));
        server.createContext("/alerts", s.get(true, ex -> s.send(ex, s.attached == null ? starting() : Reply.of(200, Map.of("open", s.attached.alerts().open())))));
        server.createContext(LivePage.WEBJARS, s.get(false, ex -> s.send(ex, LivePage.webjar(ex.getRequestURI().getPath()))));
        server.createContext("/", s.get(false, ex -> {
            if (ex.getRequestURI().getPath().equals("/")) s.send(ex, LivePage.page());
            else s.send(ex, Reply.error(404, "not found: " + ex.getRequestURI().getPath() + " (try " + ROUTES + ")"));
        }));
        // more threads than callers usually need: an answer may wait up to 5 s on the instance that holds a key
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "elman-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return s;
    }

    /** The bind address, unless it is every interface: then this machine's name, which other instances can resolve. */
    private static String advertisedHost(String bindHost) throws IOException {
        InetAddress a = InetAddress.getByName(bindHost);
        return a.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostName() : bindHost;
    }

    /** Serves this processor's readiness, metrics, models and key state from now on. */
    public void serve(StreamApp app) {
        OperatorMetrics metrics = new OperatorMetrics(app);
        attached = new Attached(app, metrics, new KeyStateRoute(app, maxKeyBytes), new ModelsRoute(app, metrics.registry()),
                new AlertFeed(app.session().clientConfig(), app.session().topics().alerts().name()));
    }

    /** The port it listens on. */
    /** The registry of the processor's meters (what {@code /metrics} answers from); null until {@link #serve}. */
    public PrometheusMeterRegistry registry() {
        Attached a = attached;
        return a == null ? null : a.metrics().registry();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address the group knows this instance by ({@code application.server}). */
    public HostInfo advertised() {
        return advertised;
    }

    /** A one-line description of where it answers, for the console. */
    public String describe() {
        return "HTTP on " + server.getAddress().getHostString() + ":" + port() + " (" + ROUTES + ")";
    }

    private static Reply starting() {
        return Reply.error(503, "starting: the stream processor does not exist yet");
    }

    private HttpHandler get(boolean exactPath, HttpHandler handler) {
        return ex -> {
            try {
                if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                    send(ex, Reply.error(405, ex.getRequestMethod() + " is not allowed here: use GET"));
                } else if (exactPath && !ex.getRequestURI().getPath().equals(ex.getHttpContext().getPath())) {
                    send(ex, Reply.error(404, "not found: " + ex.getRequestURI().getPath() + " (try " + ROUTES + ")"));
                } else {
                    handler.handle(ex);
                }
            } catch (RuntimeException e) {
                // a bug of ours, not the client's: say so rather than drop the connection
                send(ex, Reply.error(500, "internal error: " + e));
            } finally {
                ex.close();
            }
        };
    }

    private void ready(HttpExchange ex) throws IOException {
        Attached a = attached;
        KafkaStreams.State s = a == null ? null : a.app().state();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", s == null ? "STARTING" : s.name());
        if (s == KafkaStreams.State.RUNNING) {
            body.put("status", "ready");
            send(ex, Reply.of(200, body));
            return;
        }
        body.put("status", "not ready");
        body.put("reason", reason(s));
        send(ex, Reply.of(503, body));
    }

    private void metrics(HttpExchange ex) throws IOException {
        Attached a = attached;
        if (a == null) send(ex, starting());
        else send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", a.metrics().registry().scrape());
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

    private void send(HttpExchange ex, Reply r) throws IOException {
        send(ex, r.status(), "application/json", r.json());
    }

    private void send(HttpExchange ex, LivePage.Asset a) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", a.status() == 200 ? "max-age=3600" : "no-store");
        send(ex, a.status(), a.type(), a.bytes());
    }

    private void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
    }

    private void send(HttpExchange ex, int status, String type, byte[] bytes) throws IOException {
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
        if (!closed.compareAndSet(false, true)) return;   // closed once, by whoever gets there first
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
        Attached a = attached;
        if (a != null) {
            a.metrics().close();
            try {
                a.alerts().close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
