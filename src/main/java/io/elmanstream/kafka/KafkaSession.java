package io.elmanstream.kafka;

import io.elmanstream.config.AppConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The Kafka cluster a command works against: the configured one, or, when no bootstrap servers are
 * configured, an embedded broker started here. Either way the catalog's topics exist once it is open.
 */
public final class KafkaSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSession.class);
    private final AppConfig config;
    private final TopicCatalog topics;
    private final EmbeddedBroker broker;
    private final String bootstrap;
    private final Replication replication;

    private KafkaSession(AppConfig config, TopicCatalog topics, EmbeddedBroker broker, String bootstrap, Replication replication) {
        this.replication = replication;
        this.config = config;
        this.topics = topics;
        this.broker = broker;
        this.bootstrap = bootstrap;
    }

    /** Connects (starting the embedded broker if needed) and creates missing topics: for run and demo. */
    public static KafkaSession open(AppConfig config, PrintStream console) throws Exception {
        return open(config, console, true);
    }

    /**
     * Connects as a client only: without bootstrap servers it expects the embedded broker that a
     * running {@code run} or {@code demo} started on the configured host and port.
     */
    public static KafkaSession connect(AppConfig config) throws Exception {
        return open(config, System.err, false);
    }

    private static KafkaSession open(AppConfig config, PrintStream console, boolean startBroker) throws Exception {
        TopicCatalog topics = config.topicsDir().map(TopicCatalog::load).orElseGet(TopicCatalog::load);
        Files.createDirectories(config.dataDir());
        Path log = KafkaLogFile.routeTo(config.dataDir());
        EmbeddedBroker broker = null;
        String bootstrap;
        TopicAdmin.Prepared prepared;
        if (config.embedded() && !startBroker) {
            bootstrap = config.brokerHost() + ":" + config.brokerPort();
        } else if (config.embedded()) {
            long t0 = System.nanoTime();
            broker = new EmbeddedBroker(config.brokerHost(), config.brokerPort(), config.brokerDir(), config.brokerProperties()).start();
            bootstrap = broker.bootstrapServers();
            console.printf("embedded Kafka broker ready at %s in %.1f s (data in %s; Kafka's logs in %s)%n", bootstrap,
                    (System.nanoTime() - t0) / 1e9, config.brokerDir(), log);
        } else {
            bootstrap = config.bootstrapServers().orElseThrow();
        }
        try {
            prepared = TopicAdmin.prepare(config.clientConfig(bootstrap), topics, config, !startBroker);
            if (!prepared.created().isEmpty()) LOG.info("created topics {}", prepared.created());
            // the replication chosen is news where topics are created or a service starts; a client command says it only in the log
            if (prepared.replication().factor().isPresent()) {
                if (startBroker || !prepared.created().isEmpty()) console.println(prepared.replication().reason());
                else LOG.info(prepared.replication().reason());
            }
            prepared.warnings().forEach(w -> console.println("warning: " + w));
        } catch (IllegalArgumentException e) {
            if (broker != null) broker.close();
            throw e;
        } catch (Exception e) {
            if (broker != null) broker.close();
            throw new IllegalStateException(connectionFailure(bootstrap, config.embedded() && !startBroker, e), e);
        }
        if (startBroker && broker == null) console.println("connected to " + bootstrap + " (Kafka's client logs in " + log + ")");
        return new KafkaSession(config, topics, broker, bootstrap, prepared.replication());
    }

    /** One line for a failed connection: what failed, why, and what to try. */
    static String connectionFailure(String bootstrap, boolean expectsRunningApp, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        if (root instanceof AuthenticationException) {
            return "Kafka at " + bootstrap + " refused the credentials: " + root.getMessage()
                    + " (check sasl.mechanism and the user and password in sasl.jaas.config of the --config file)";
        }
        if (root instanceof AuthorizationException) {
            return "Kafka at " + bootstrap + " denied access: " + root.getMessage() + " (check the ACLs of this user)";
        }
        String hint = expectsRunningApp ? "; is 'run' or 'demo' running? otherwise pass --bootstrap-servers"
                : "; check the address, and that the broker is up";
        return "cannot reach Kafka at " + bootstrap + " within 15 s" + hint
                + (root.getMessage() == null ? "" : " (the client said: " + root.getMessage().strip() + ")");
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    /** The replication chosen for this cluster, which Kafka Streams' internal topics follow too. */
    public Replication replication() {
        return replication;
    }

    public TopicCatalog topics() {
        return topics;
    }

    public AppConfig config() {
        return config;
    }

    public Map<String, Object> clientConfig() {
        return config.clientConfig(bootstrap);
    }

    @Override
    public void close() {
        if (broker != null) broker.close();
    }
}
