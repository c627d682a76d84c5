package io.elmanstream.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.elmanstream.testsupport.Waits.await;

/** The product's jar running as a separate OS process, with its output in a log file. */
public final class JarProcess implements AutoCloseable {
    public static final Path JAR = Path.of("target", "elman-stream.jar");
    private final Process process;
    private final Path log;

    private JarProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static JarProcess start(Path log, String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) throw new IllegalStateException(JAR + " is missing: integration tests run after 'package'");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new JarProcess(p, log);
    }

    /** Waits until the log holds {@code text} (after {@code from} bytes), or fails with the log's tail. */
    public JarProcess awaitLog(String text, long fromBytes, long timeoutMs) throws Exception {
        await().atMost(Duration.ofMillis(timeoutMs)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            String s = Files.exists(log) ? Files.readString(log) : "";
            if (s.length() > fromBytes && s.substring((int) Math.min(fromBytes, s.length())).contains(text)) return;
            // not an AssertionError: a process that exited fails the wait at once
            if (!process.isAlive()) throw new IllegalStateException("process exited (" + process.exitValue() + ") before '" + text + "':\n" + tail(s));
            throw new AssertionError("no '" + text + "' yet:\n" + tail(s));
        });
        return this;
    }

    public static long logSize(Path log) throws IOException {
        return Files.exists(log) ? Files.size(log) : 0;
    }

    private static String tail(String s) {
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }

    /** SIGKILL: no shutdown hook, no clean close, as a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM: the clean shutdown path (Ctrl-C). */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) kill();
    }

    /** SIGSTOP: the process freezes with its connections open, as a long GC pause or a hung host. */
    public void pause() throws Exception {
        signal("-STOP");
    }

    /** SIGCONT: a paused process goes on. */
    public void resume() throws Exception {
        signal("-CONT");
    }

    private void signal(String signal) throws Exception {
        int exit = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        if (exit != 0) throw new IllegalStateException("kill " + signal + " " + process.pid() + " exited " + exit);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
             resume();
             kill();
        }
    }
}
