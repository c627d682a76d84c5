package io.elmanstream.stream;

import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.testsupport.Cli;
import io.elmanstream.testsupport.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.elmanstream.testsupport.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Access control on the real broker: the embedded broker with SASL users and KRaft's
 * StandardAuthorizer; the ACLs are docs/OPERATIONS.md's own lines, run with Kafka's AclCommand. With
 * them the app runs on only what they grant, the model publisher publishes, the producer's events
 * are predicted and the reader reads them; a principal without Write on the models topic cannot
 * publish, in one line, and the serving model stays.
 */
class ModelAclIT {
    private static final List<String> USERS = List.of("admin", "app", "modeler", "producer", "reader", "mallory");

    @TempDir
    Path dir;

    private static String client(String user) {
        return "security.protocol=SASL_PLAINTEXT\nsasl.mechanism=PLAIN\n"
                + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\"" + user + "-secret\";\n";
    }

    private Path config(String user, String extra) throws Exception {
        Path f = dir.resolve(user + ".properties");
        Files.writeString(f, client(user) + extra);
        return f;
    }

    @Test
    void theReadmesAclsLetEachPrincipalDoItsJobAndNoMore() throws Exception {
        int port = EmbeddedBroker.freePort("127.0.0.1");
        StringBuilder users = new StringBuilder();
        for (String u : USERS) users.append(" user_").append(u).append("=\"").append(u).append("-secret\"");
        String broker = "broker.listener.security.protocol.map=PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT\n"
                + "broker.sasl.enabled.mechanisms=PLAIN\nbroker.sasl.mechanism.inter.broker.protocol=PLAIN\n"
                + "broker.listener.name.plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
                + "username=\"admin\" password=\"admin-secret\"" + users + ";\n"
                + "broker.authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\n"
                // the admin, and the node itself on its plaintext controller listener
                + "broker.super.users=User:admin;User:ANONYMOUS\n"
                + "elman.broker.port=" + port + "\nelman.data.dir=" + dir.resolve("data") + "\n";
        AppConfig adminConfig = AppConfig.builder().file(config("admin", broker)).build();
        try (KafkaSession admin = KafkaSession.open(adminConfig, new PrintStream(PrintStream.nullOutputStream()))) {
            String bootstrap = admin.bootstrapServers();
            Path adminClient = config("admin-client", "");
            Files.writeString(adminClient, client("admin"));
            for (String line : readmeAcls()) runAclCommand(line, bootstrap, adminClient);

            AppConfig appConfig = AppConfig.builder().file(config("app", "")).bootstrapServers(bootstrap).build();
            try (KafkaSession app = KafkaSession.open(appConfig, new PrintStream(PrintStream.nullOutputStream()));
                 StreamApp stream = new StreamApp(app).start(Duration.ofSeconds(90))) {
                Path xor = dir.resolve("xor.json");
                ModelCodec.write(TestModels.xor(1, 1), xor);
                Cli.Run published = Cli.run("publish", "--model", xor.toString(), "--bootstrap-servers", bootstrap,
                        "--config", config("modeler", "").toString());
                assertEquals(0, published.code(), published.err() + "\n" + aclList(bootstrap, adminClient));
                await("xor serving").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> stream.models().get("xor") != null);
                assertEquals(1, stream.models().get("xor").version());

                Cli.Run produced = Cli.run("produce", "--bootstrap-servers", bootstrap, "--config", config("producer", "").toString(),
                        "--key", "k", "--model", "xor", "1 0 1");
                assertEquals(0, produced.code(), produced.err());
                Cli.Run tail = Cli.run("tail", "--bootstrap-servers", bootstrap, "--config", config("reader", "").toString(),
                        "--from-beginning", "--max", "3", "--timeout", "60");
                assertEquals(0, tail.code(), tail.err());
                assertEquals(3, tail.out().strip().lines().count(), tail.out());

                // read, but no write, on the models topic: publishing is refused in one line
                Path mallory = config("mallory", "");
                runAclCommand("kafka-acls.sh --bootstrap-server $B --command-config admin.properties --add --allow-principal User:mallory "
                        + "--operation Read --operation Describe --topic elman.models", bootstrap, adminClient);
                Path evil = dir.resolve("evil.json");
                ModelCodec.write(TestModels.xor(2, 2), evil);
                Cli.Run refused = Cli.run("publish", "--model", evil.toString(), "--bootstrap-servers", bootstrap, "--config", mallory.toString());
                assertEquals(1, refused.code());
                assertEquals("error: not allowed to write to topic elman.models: this user has no WRITE permission on it "
                        + "(only model publishers should; see Access control in docs/OPERATIONS.md)", refused.err().strip());
                Cli.Run unread = Cli.run("tail", "--bootstrap-servers", bootstrap, "--config", mallory.toString(), "--max", "1", "--timeout", "5");
                assertTrue(unread.code() != 0, "no Read on the predictions: " + unread.out());
                assertEquals(1, stream.models().get("xor").version(), "v1 keeps serving");
                assertEquals(0, stream.replacedThreads(), "the app ran on the documented ACLs alone");
            }
        }
    }

    private static String aclList(String bootstrap, Path adminClient) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", System.getProperty("java.class.path"),
                "org.apache.kafka.tools.AclCommand", "--bootstrap-server", bootstrap, "--command-config", adminClient.toString(), "--list")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** The kafka-acls.sh lines of the Access control section of docs/OPERATIONS.md. */
    private static List<String> readmeAcls() throws Exception {
        String readme = Files.readString(Path.of("docs", "OPERATIONS.md"));
        int from = readme.indexOf("<!-- acls:");
        assertTrue(from > 0, "the ACL block of docs/OPERATIONS.md");
        String block = readme.substring(readme.indexOf("```", from) + 3, readme.indexOf("```", readme.indexOf("```", from) + 3));
        List<String> lines = block.lines().filter(l -> l.startsWith("kafka-acls.sh ")).toList();
        assertTrue(lines.size() >= 8, block);
        return lines;
    }

    /** Runs one kafka-acls.sh line with Kafka's own AclCommand, as the script would. */
    private static void runAclCommand(String line, String bootstrap, Path adminClient) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), "org.apache.kafka.tools.AclCommand"));
        for (String arg : line.substring("kafka-acls.sh ".length()).split(" ")) {
            cmd.add(arg.equals("$B") ? bootstrap : arg.equals("admin.properties") ? adminClient.toString() : arg);
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), line + "\n" + out);
    }
}
