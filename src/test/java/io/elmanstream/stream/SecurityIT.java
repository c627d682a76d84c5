package io.elmanstream.stream;

import io.elmanstream.cli.Main;
import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.serving.ModelTopic;
import io.elmanstream.testsupport.PredictionsReader;
import io.elmanstream.testsupport.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded broker with SASL_PLAINTEXT/PLAIN: the config file's client security settings reach
 * every client (admin, producer, consumer, streams); wrong credentials fail fast with one line.
 */
class SecurityIT {
    @TempDir
    Path dir;

    private static final String BROKER = """
            broker.listener.security.protocol.map=PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
            broker.sasl.enabled.mechanisms=PLAIN
            broker.sasl.mechanism.inter.broker.protocol=PLAIN
            broker.listener.name.plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="admin" password="admin-secret" user_admin="admin-secret" user_alice="alice-secret";
            """;

    private static String client(String user, String password) {
        return "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\"" + password + "\";\n";
    }

    @Test
    void rightCredentialsWorkWrongOnesFailWithOneLine() throws Exception {
        int port = EmbeddedBroker.freePort("127.0.0.1");
        Path good = dir.resolve("good.properties");
        Files.writeString(good, BROKER + client("alice", "alice-secret") + "elman.broker.port=" + port + "\nelman.data.dir=" + dir.resolve("data") + "\n");
        AppConfig config = AppConfig.builder().file(good).build();
        try (KafkaSession session = KafkaSession.open(config, new PrintStream(PrintStream.nullOutputStream()));
             StreamApp app = new StreamApp(session).start(Duration.ofSeconds(60))) {
            new ModelTopic(session.clientConfig(), session.topics()).publish(TestModels.xor(1, 1));
            String bootstrap = session.bootstrapServers();
            Path clientOnly = dir.resolve("client.properties");
            Files.writeString(clientOnly, client("alice", "alice-secret"));
            assertEquals(0, Main.execute("produce", "--bootstrap-servers", bootstrap, "--config", clientOnly.toString(),
                    "--key", "k", "--model", "xor", "1 0 1"));
            assertEquals(3, PredictionsReader.readAll(session.clientConfig(), session.topics().predictions().name(), 3, Duration.ofSeconds(60)).size());

            Path wrong = dir.resolve("wrong.properties");
            Files.writeString(wrong, client("alice", "not-her-password"));
            PrintStream err = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true));
            long t0 = System.nanoTime();
            int code;
            try {
                code = Main.execute("produce", "--bootstrap-servers", bootstrap, "--config", wrong.toString(), "--key", "k", "--model", "xor", "1");
            } finally {
                System.setErr(err);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            String lines = captured.toString().strip();
            String last = lines.substring(lines.lastIndexOf('\n') + 1);
            assertNotEquals(0, code);
            assertTrue(last.startsWith("error: "), lines);
            assertTrue(last.contains("Authentication failed"), last);
            assertTrue(last.startsWith("error: Kafka at " + bootstrap + " refused the credentials: "), last);
            assertTrue(last.endsWith("(check sasl.mechanism and the user and password in sasl.jaas.config of the --config file)"), last);
            assertFalse(last.contains("is 'run'"), "no misleading hint: " + last);
            assertFalse(last.contains("Exception"), "no class names: " + last);
            assertFalse(last.contains("\tat "), last);
            assertTrue(seconds < 30, "failed after " + seconds + " s, not a hang");
        }
    }
}
