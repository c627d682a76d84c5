package io.elmanstream.cli;

import io.elmanstream.kafka.EmbeddedBroker;
import io.elmanstream.testsupport.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's first command, end to end: embedded broker, models trained at start, streams in, predictions out. */
class DemoIT {
    @TempDir
    Path dir;

    @Test
    void demoSendsEventsAndEveryOneGetsAPredictionAllRight() {
        Cli.Run r = Cli.run("demo", "--duration", "4", "--rate", "50", "--quiet", "--http-port", "0",
                "--broker-port", Integer.toString(EmbeddedBroker.freePort("127.0.0.1")), "--data-dir", dir.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("embedded Kafka broker ready at 127.0.0.1:"), r.out());
        assertTrue(r.out().contains("trained and published model xor v1"), r.out());
        Matcher m = Pattern.compile("summary: (\\d+) events sent in (\\d+\\.\\d) s \\((\\d+) events/s, asked 50/s\\), (\\d+) predictions received")
                .matcher(r.out());
        assertTrue(m.find(), r.out());
        assertEquals(m.group(1), m.group(4));
        assertTrue(Integer.parseInt(m.group(1)) >= 195 && Integer.parseInt(m.group(1)) <= 200, "4 s at 50 events/s: " + r.out());
        assertTrue(Math.abs(Integer.parseInt(m.group(3)) - 50) <= 5, "the real rate is the asked one: " + r.out());
        // a quiet console: Kafka's own logs go to the data dir's log file
        assertTrue(r.out().contains("Kafka's logs in " + dir.toAbsolutePath().resolve("elman-stream.log")), r.out());
        assertTrue(Files.exists(dir.resolve("elman-stream.log")), "Kafka's log file");
        assertTrue(r.err().lines().noneMatch(l -> l.matches(".*\\b(WARN|ERROR)\\b.*")), "no warnings or errors on the console: " + r.err());
        assertTrue(Integer.parseInt(m.group(1)) >= 100, r.out());
        Matcher xor = Pattern.compile("xor   : (\\d+)/(\\d+)").matcher(r.out());
        assertTrue(xor.find());
        assertEquals(xor.group(1), xor.group(2), "a trained xor net gets every labelled step right");
        assertTrue(Integer.parseInt(xor.group(2)) > 10);
        Matcher hello = Pattern.compile("hello : (\\d+)/(\\d+) next characters predicted right").matcher(r.out());
        assertTrue(hello.find(), r.out());
        assertEquals(hello.group(1), hello.group(2), "a trained hello net predicts every next character of its word");
        assertTrue(Integer.parseInt(hello.group(2)) > 10);
        assertTrue(r.out().contains("trained and published model hello v1"), r.out());
    }
}
