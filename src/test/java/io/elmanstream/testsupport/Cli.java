package io.elmanstream.testsupport;

import io.elmanstream.cli.Main;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** Runs a command line in this JVM as a user would (exit code, standard output, standard error), for the command tests. */
public final class Cli {
    private Cli() {
    }

    /** What a command did: its exit code and what it printed. */
    public record Run(int code, String out, String err) {
    }

    public static Run run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true));
        System.setErr(new PrintStream(err, true));
        try {
            return new Run(Main.execute(args), out.toString(), err.toString());
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
