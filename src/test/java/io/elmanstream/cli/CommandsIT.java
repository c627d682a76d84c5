package io.elmanstream.cli;

import io.elmanstream.config.AppConfig;
import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.testsupport.Cli;
import org.apache.kafka.clients.admin.Admin;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static io.elmanstream.testsupport.Cli.run;
import static io.elmanstream.testsupport.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client commands against {@code run --model FILE} as a separate process on the real embedded
 * broker: produce with targets and resets (and its count check), tail's text, dead-letter and
 * timeout modes, and a clean stop (SIGTERM, as Ctrl-C) that leaves the consumer group at once;
 * and a small {@code bench stream}.
 */
class CommandsIT {
    private static final Path JAR = Path.of("target", "elman-stream.jar");

    @TempDir
    Path dir;

    /** A small `bench stream` from the command line: its figures, and no broker data left behind in the temp folder. */
    @Test
    void benchStreamRunsAndLeavesNoDataBehind() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = benchDirs(tmp);
        Cli.Run r = run("bench", "stream", "--events", "300", "--keys", "5", "--latency-events", "10", "--latency-rate", "100",
                "--variants", "COUNTER", "--guarantees", "alos");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("counter       ALOS") && r.out().contains("stream thread:"), r.out());
        List<Path> left = benchDirs(tmp);
        left.removeAll(before);
        assertEquals(List.of(), left, "bench stream deletes its broker and state data");
    }

    private static List<Path> benchDirs(Path tmp) throws Exception {
        try (var s = Files.list(tmp)) {
            return new ArrayList<>(s.filter(p -> p.getFileName().toString().startsWith("elman-bench")).toList());
        }
    }

    @Test
    void produceTailAndRunWithModelFilesThenACleanStop() throws Exception {
        AppConfig config = AppConfig.builder().dataDir(dir.resolve("broker")).brokerPort(EmbeddedBroker.freePort("127.0.0.1")).build();
        Path xor = dir.resolve("xor.json");
        assertEquals(0, run("train", "--task", "xor", "--out", xor.toString()).code());
        try (KafkaSession session = KafkaSession.open(config, new PrintStream(PrintStream.nullOutputStream()))) {
            String bootstrap = session.bootstrapServers();
            Path log = dir.resolve("run.log");
            Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
                    JAR.toString(), "run", "--bootstrap-servers", bootstrap, "--model", xor.toString(), "--application-id", "cli-run",
                    "--data-dir", dir.resolve("app").toString(), "--http-port", "0")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                awaitLog(log, "processing elman.events", app);
                var health = Pattern.compile("HTTP on (\\S+) \\(").matcher(Files.readString(log));
                assertTrue(health.find(), Files.readString(log));
                var ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://" + health.group(1) + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ready.statusCode(), "run serves its readiness: " + ready.body());
                assertTrue(Files.readString(log).contains("published model xor"), Files.readString(log));

                Cli.Run mismatch = run("produce", "--bootstrap-servers", bootstrap, "--key", "k", "--model", "xor", "--targets", "1", "1 0 1");
                assertEquals(1, mismatch.code());
                assertEquals("error: 3 symbols but 1 targets", mismatch.err().strip());

                Cli.Run sent = run("produce", "--bootstrap-servers", bootstrap, "--key", "k", "--model", "xor", "--targets", "? 1 1", "1 0 1");
                assertEquals(0, sent.code(), sent.err());
                assertEquals("sent 3 events for key k to elman.events", sent.out().strip());
                assertEquals(0, run("produce", "--bootstrap-servers", bootstrap, "--key", "k", "--model", "xor", "--reset", "0 1").code());

                Cli.Run tail = run("tail", "--bootstrap-servers", bootstrap, "--from-beginning", "--max", "5", "--timeout", "60");
                assertEquals(0, tail.code(), tail.err());
                List<String> lines = tail.out().strip().lines().toList();
                assertEquals(5, lines.size(), tail.out());
                List<String> steps = new ArrayList<>();
                for (String l : lines) {
                    assertTrue(l.matches("k\\s+xor\\s+v1\\s+step\\s+\\d+\\s+in \\d\\s+-> \\d\\s+p=\\d\\.\\d{3}.*"), l);
                    steps.add(l.replaceAll(".*step\\s+(\\d+).*", "$1"));
                }
                assertEquals(List.of("0", "1", "2", "0", "1"), steps, "--reset starts the key's sequence again");
                assertTrue(lines.get(1).matches(".*target 1 ok  surprisal \\d+\\.\\d\\d bits") && lines.get(2).matches(".*target 1 ok  surprisal \\d+\\.\\d\\d bits"),
                        "tail shows the target and its surprisal: " + tail.out());
                assertTrue(!lines.get(0).contains("target"), "step 0 carries no target ('?')");

                // produce checks what it sends against the serving models: nothing goes out, one line says why
                Cli.Run typo = run("produce", "--bootstrap-servers", bootstrap, "--key", "d", "--model", "xro", "1 0");
                assertEquals(1, typo.code());
                assertEquals("error: no model named 'xro' is serving (serving: xor); nothing sent (--no-check sends anyway)", typo.err().strip());
                Cli.Run outside = run("produce", "--bootstrap-servers", bootstrap, "--key", "d", "--model", "xor", "1 2 0");
                assertEquals(1, outside.code());
                assertEquals("error: symbol '2' is not in the vocabulary of model xor v1 [0, 1]; nothing sent (--no-check sends anyway)",
                        outside.err().strip());
                Cli.Run badTarget = run("produce", "--bootstrap-servers", bootstrap, "--key", "d", "--model", "xor", "--targets", "? 7", "1 0");
                assertEquals(1, badTarget.code());
                assertTrue(badTarget.err().startsWith("error: target '7' is not in the vocabulary"), badTarget.err());
                Cli.Run empty = run("produce", "--bootstrap-servers", bootstrap, "--key", "d", "--model", "xor", "");
                assertEquals(1, empty.code());
                assertTrue(empty.err().startsWith("error: no symbols given"), empty.err());
                Cli.Run blank = run("produce", "--bootstrap-servers", bootstrap, "--key", "d", "--model", "xor", "  ");
                assertEquals(1, blank.code());
                assertEquals("error: no symbols in '  ' for model xor; nothing sent", blank.err().strip());
                // --no-check sends anyway, and the event ends as a dead letter with the reason (the first dead letter: nothing above was sent)
                assertEquals(0, run("produce", "--bootstrap-servers", bootstrap, "--key", "d", "--model", "nope", "--no-check", "1").code());
                Cli.Run dead = run("tail", "--bootstrap-servers", bootstrap, "--dead-letters", "--from-beginning", "--max", "1", "--timeout", "60");
                assertEquals(0, dead.code(), dead.err());
                assertTrue(dead.out().strip().matches("DEAD LETTER elman\\.events\\[\\d]@\\d+ key=d stage=model-missing: no model named 'nope' is serving yet"),
                        dead.out());

                long t0 = System.nanoTime();
                Cli.Run idle = run("tail", "--bootstrap-servers", bootstrap, "--timeout", "2");
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertEquals(0, idle.code(), idle.err());
                assertEquals("", idle.out().strip(), "nothing new arrived");
                assertTrue(seconds >= 2 && seconds < 30, "stopped after its idle timeout: " + seconds + " s");
            } finally {
                app.destroy();   // SIGTERM: the shutdown hook closes the processor and leaves the group
                assertTrue(app.waitFor(60, TimeUnit.SECONDS), "run stops on SIGTERM");
            }
            assertTrue(Files.readString(log).contains("stopping..."), Files.readString(log));
            try (Admin admin = Admin.create(session.clientConfig())) {
                // a member that left is gone at once; one that did not would stay for the 45 s session timeout
                var group = admin.describeConsumerGroups(List.of("cli-run")).all().get().get("cli-run");
                assertTrue(group.members().isEmpty(), "the stopped instance left its group: " + group);
            }
        }
    }

    /** Ctrl-C (SIGINT) during a --time-budget run stops it and writes the best weights so far and the scores: a long run is never lost. */
    @Test
    void ctrlCDuringATimeBudgetRunWritesTheBestWeightsSoFar() throws Exception {
        Path model = dir.resolve("tiny.json"), history = dir.resolve("scores.csv"), log = dir.resolve("train.log");
        Process train = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
                JAR.toString(), "train", "--task", "text", "--data", "data/tinyshakespeare.txt", "--hidden", "32", "--time-budget", "10m",
                "--out", model.toString(), "--history", history.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Thread.sleep(20_000);   // the first held-out scores come every 2% of the budget (12 s)
            assertTrue(train.isAlive(), Files.readString(log));
            // a job started in the background by a non-interactive shell inherits SIGINT ignored, and
            // the JVM then leaves it ignored: there the same hook is reached with SIGTERM
            String signal = ignoresSigint(train.pid()) ? "-TERM" : "-INT";
            assertEquals(0, new ProcessBuilder("kill", signal, Long.toString(train.pid())).start().waitFor());
            assertTrue(train.waitFor(120, TimeUnit.SECONDS), "stops after Ctrl-C: " + Files.readString(log));
        } finally {
            train.destroyForcibly();
        }
        String out = Files.readString(log);
        assertTrue(out.contains("stopping: writing the best weights so far to " + model + " and the scores so far..."), out);
        assertTrue(out.matches("(?s).*held out: \\d\\.\\d+ nats/char .* characters trained on in \\d+ s\\).*"), out);
        assertTrue(out.contains("model written to " + model), out);
        var m = ModelCodec.read(model);
        assertEquals(32, m.net().shape().numHid());
        assertTrue(Files.readString(history).lines().count() >= 2, "a header and at least one score: " + Files.readString(history));
    }

    /** Whether the process ignores SIGINT (bit 2 of SigIgn in /proc/PID/status). */
    private static boolean ignoresSigint(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0b10) != 0;
        }
        return false;
    }

    private static void awaitLog(Path log, String text, Process p) throws Exception {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            if (Files.exists(log) && Files.readString(log).contains(text)) return;
            // not an AssertionError: a run that exited fails the wait at once
            if (!p.isAlive()) throw new IllegalStateException("run exited: " + Files.readString(log));
            throw new AssertionError("no '" + text + "' in " + (Files.exists(log) ? Files.readString(log) : "(no log yet)"));
        });
    }
}
