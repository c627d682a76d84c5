package io.elmanstream.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A program from one of Debian's packages that a test runs (promtool, docker-compose): found on the
 * PATH, else installed with apt-get first, as CI does, so that no test depends on what a session
 * installed by hand. Installing needs root; elsewhere the test fails saying what to install.
 */
public final class DebianTool {
    private DebianTool() {
    }

    /** The command's path, installing {@code debianPackage} when the command is missing. */
    public static String require(String command, String debianPackage) throws Exception {
        String found = onPath(command);
        if (found != null) return found;
        assertTrue("0".equals(run(List.of("id", "-u"), 10).out().strip()),
                command + " is missing and only root can install it here: apt-get install " + debianPackage);
        Result update = run(List.of("apt-get", "update", "-q"), 600);
        assertTrue(update.code() == 0, "apt-get update: " + update.out());
        Result install = run(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends", debianPackage), 900);
        assertTrue(install.code() == 0, "apt-get install " + debianPackage + ": " + install.out());
        found = onPath(command);
        assertTrue(found != null, debianPackage + " installed but " + command + " is not on the PATH");
        return found;
    }

    /** What a finished program printed (stdout and stderr together) and its exit code. */
    public record Result(int code, String out) {
    }

    public static Result run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("tool", ".out");
        try {
            ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            b.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process p = b.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s: " + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String onPath(String command) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.addAll(List.of("/usr/bin", "/usr/sbin", "/usr/local/bin"));
        for (String d : dirs) {
            Path p = Path.of(d.isEmpty() ? "." : d, command);
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }
}
