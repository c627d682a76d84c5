package io.elmanstream.stream;

import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.kafka.ModelTransport;
import io.elmanstream.model.Model;
import io.elmanstream.serving.ModelRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** The running stream processor: the topology on a Kafka session, started and stopped cleanly. */
public final class StreamApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamApp.class);
    private final KafkaStreams streams;
    private final KafkaStreams audit;
    private final ModelRegistry registry;
    private final AtomicInteger replacedThreads = new AtomicInteger();
    private final RefusedOutputs refused = new RefusedOutputs();
    private final List<KafkaStreamsMetrics> binders = new ArrayList<>();
    private MeterRegistry metricsRegistry;
    private final StreamMeters meters = new StreamMeters();
    private final KeyStateQuery keyStates;
    private final AppConfig config;
    private final KafkaSession session;

    public StreamApp(KafkaSession session) throws Exception {
        this(session, null);
    }

    /**
     * @param endpoint where this instance answers queries about its keys' state, advertised to the
     *                 group as {@code application.server} so that every instance can find every
     *                 key's owner; null when it answers none
     */
    public StreamApp(KafkaSession session, HostInfo endpoint) throws Exception {
        AppConfig config = session.config();
        this.config = config;
        this.session = session;
        registry = new ModelRegistry(config.modelMaxBytes());
        ClusterFacts facts = ClusterFacts.read(session);
        var settings = StreamsSettings.of(session, refused);
        var auditSettings = (Properties) settings.clone();
        auditSettings.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId() + "-model-audit");
        ModelTransport.of(config).applyToProcessor(settings);
        ModelTransport.of(config).applyToAudit(auditSettings);
        if (endpoint != null) settings.put(StreamsConfig.APPLICATION_SERVER_CONFIG, endpoint.host() + ":" + endpoint.port());
        streams = new KafkaStreams(ElmanTopology.build(config, session.topics(), registry, refused, facts, meters), settings);
        keyStates = endpoint == null ? null : new KeyStateQuery(streams, endpoint);
        audit = new KafkaStreams(ElmanTopology.audit(config, session.topics()), auditSettings);
        for (KafkaStreams s : new KafkaStreams[]{streams, audit}) {
            s.setUncaughtExceptionHandler(e -> {
                replacedThreads.incrementAndGet();
                LOG.error("stream thread failed, replacing it: {}", e.toString());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
        }
    }

    /** How many dead letters the broker refused, each logged with its origin and skipped. */
    public long skippedDeadLetters() {
        return refused.skippedDeadLetters();
    }

    /** The processor's Kafka Streams state (RUNNING once it processes), for the readiness probe. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Exposes every Kafka Streams and client metric of the processor and of the model audit in a
     * Micrometer registry (Micrometer's Kafka Streams binder); unbound on close. The binder reads
     * the metrics that exist when it binds and looks for new ones once a minute, and the per-task
     * sensors exist only once tasks are assigned: so it binds when the app is running (at once if
     * it already is).
     */
    public synchronized void bindMetrics(MeterRegistry registry) {
        metricsRegistry = registry;
        meters.use(registry);
        if (streams.state() == KafkaStreams.State.RUNNING) bindNow();
    }

    private synchronized void bindNow() {
        if (metricsRegistry == null || !binders.isEmpty()) return;
        for (KafkaStreams s : new KafkaStreams[]{streams, audit}) {
            KafkaStreamsMetrics m = new KafkaStreamsMetrics(s);
            m.bindTo(metricsRegistry);
            binders.add(m);
        }
    }

    /** The sum over tasks and threads of one of the app's metrics (group {@code stream-elman-metrics}), e.g. {@code rerouted-total}. */
    public double elmanMetric(String name) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("stream-elman-metrics") && e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    /** How many stream threads failed and were replaced since the start: 0 unless something is wrong. */
    public int replacedThreads() {
        return replacedThreads.get();
    }

    /** Starts processing and waits until the instance is running (global store restored), at most {@code timeout}. */
    public StreamApp start(Duration timeout) throws InterruptedException {
        return start(timeout, null);
    }

    /**
     * Starts processing and waits until the instance is running. A service waits as long as it takes
     * (a broker outage under load can hold a start for minutes, exactly when the instance is needed):
     * with a null timeout it waits until running, saying every {@link #PROGRESS_EVERY} on
     * {@code console} (if given) what it waits for; it gives up only on a fatal error (the processor
     * stops: bad config, authorisation) or when a timeout is given and passes.
     */
    public StreamApp start(Duration timeout, PrintStream console) throws InterruptedException {
        long started = System.nanoTime();
        awaitRunning(audit, "the model audit", timeout, started, console);
        awaitRunning(streams, "the stream processor", timeout, started, console);
        bindNow();
        return this;
    }

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(30);

    private static void awaitRunning(KafkaStreams s, String what, Duration timeout, long started, PrintStream console)
            throws InterruptedException {
        // The state that settled the wait, not the state read afterwards: a running instance may
        // already be REBALANCING again (another instance joined) by the time this thread looks.
        AtomicReference<KafkaStreams.State> settledAs = new AtomicReference<>();
        CountDownLatch settled = new CountDownLatch(1);
        s.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR || now == KafkaStreams.State.PENDING_ERROR
                    || now == KafkaStreams.State.NOT_RUNNING) {
                settledAs.compareAndSet(null, now);
                settled.countDown();
            }
        });
        s.start();
        while (!settled.await(timeout == null ? PROGRESS_EVERY.toNanos()
                : Math.max(0, Math.min(PROGRESS_EVERY.toNanos(), started + timeout.toNanos() - System.nanoTime())), TimeUnit.NANOSECONDS)) {
            long waited = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
            if (timeout != null && System.nanoTime() - started >= timeout.toNanos()) {
                throw new IllegalStateException(what + " was not running after " + waited + " s (state " + s.state()
                        + "): it waits for its group to assign it partitions and for its state to be restored from the changelogs; "
                        + "check that the cluster is reachable and that another instance is not stuck in the same group");
            }
            String line = String.format("still starting after %d s: %s is %s (waiting for its group to assign partitions and for state to be "
                    + "restored from the changelogs; /health/ready answers 503 until it runs)", waited, what, s.state());
            LOG.info(line);
            if (console != null) console.println(line);
        }
        if (settledAs.get() != KafkaStreams.State.RUNNING) {
            throw new IllegalStateException(what + " stopped while starting (state " + settledAs.get() + "): see the log for the fatal error");
        }
    }

    /** The Kafka session the instance runs on (its cluster, client settings and topics). */
    public KafkaSession session() {
        return session;
    }

    /** The configuration the instance runs with. */
    public AppConfig config() {
        return config;
    }

    public ModelRegistry models() {
        return registry;
    }

    /** Finds any key's state from this instance; null when the instance has no endpoint to advertise. */
    public KeyStateQuery keyStates() {
        return keyStates;
    }

    /** The online quality of a model version on this instance, or null when it served no event or metrics are off. */
    public StreamMeters.VersionMeters online(Model m) {
        return meters.served(m);
    }

    /**
     * Closes cleanly and leaves the consumer group. Kafka Streams stays in the group on close by
     * default (so that a rolling bounce does not rebalance), which makes the next start of a
     * single instance wait out the old member's session timeout (45 s); leaving makes it start at
     * once, at the price of one rebalance for the other instances of a group.
     */
    @Override
    public void close() {
        CloseOptions leave = CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30));
        synchronized (this) {
            binders.forEach(KafkaStreamsMetrics::close);
        }
        streams.close(leave);
        audit.close(leave);
    }
}
