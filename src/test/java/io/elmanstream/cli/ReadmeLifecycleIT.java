package io.elmanstream.cli;

import io.elmanstream.testsupport.ShellWords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.elmanstream.testsupport.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README is the contract: its "Model lifecycle" block, run as written (defaults: data dir
 * elman-data in the working folder, broker 127.0.0.1:9092, HTTP 8080) in a fresh folder after one
 * {@code demo}, with {@code run} going beside it. Each line must exit as its comment says (exit 4
 * where it says so, else 0) and print every fragment its comment quotes in backticks.
 */
class ReadmeLifecycleIT {
    private static final Path JAR = Path.of("target", "elman-stream.jar").toAbsolutePath();
    private static final String PREFIX = "java -jar target/elman-stream.jar ";

    @TempDir
    Path dir;

    /** The block's command lines, from the README's "## Model lifecycle" section. */
    static List<String> lifecycleLines() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("## Model lifecycle\n");
        assertTrue(section >= 0, "the README has a Model lifecycle section");
        int start = readme.indexOf("```\n", section) + 4;
        int end = readme.indexOf("```", start);
        return readme.substring(start, end).lines().filter(l -> l.startsWith(PREFIX)).toList();
    }

    private ProcessBuilder jar(List<String> args, Path log) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    @Test
    void theModelLifecycleBlockRunsAsWrittenAfterOneDemo() throws Exception {
        List<String> lines = lifecycleLines();
        assertTrue(lines.size() >= 8, "the block: " + lines);
        Path demoLog = dir.resolve("demo.out");
        Process demo = jar(List.of("demo"), demoLog).start();
        assertTrue(demo.waitFor(180, TimeUnit.SECONDS), "demo ends");
        assertEquals(0, demo.exitValue(), Files.readString(demoLog));

        Path runLog = dir.resolve("run.out");
        Process run = jar(List.of("run"), runLog).start();
        try {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                if (Files.readString(runLog).contains("processing elman.events")) return;
                // not an AssertionError: a run that exited fails the wait at once
                if (!run.isAlive()) throw new IllegalStateException("run exited: " + Files.readString(runLog));
                throw new AssertionError("run starts: " + Files.readString(runLog));
            });
            int n = 0;
            for (String line : lines) {
                int hash = line.indexOf(" # ");
                String command = hash < 0 ? line : line.substring(0, hash);
                String comment = hash < 0 ? "" : line.substring(hash);
                Path log = dir.resolve("line-" + (++n) + ".out");
                Process p = jar(ShellWords.split(command.substring(PREFIX.length())), log).start();
                assertTrue(p.waitFor(300, TimeUnit.SECONDS), line);
                String out = Files.readString(log);
                assertEquals(comment.contains("exit 4") ? 4 : 0, p.exitValue(), line + "\n" + out);
                Matcher quoted = Pattern.compile("`([^`]+)`").matcher(comment);
                while (quoted.find()) assertTrue(out.contains(quoted.group(1)), line + ": no '" + quoted.group(1) + "' in\n" + out);
            }
        } finally {
            run.destroy();
            if (!run.waitFor(60, TimeUnit.SECONDS)) run.destroyForcibly();
        }
    }
}
