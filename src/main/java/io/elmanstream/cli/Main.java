package io.elmanstream.cli;

import io.elmanstream.model.ModelFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/**
 * The {@code elman-stream} executable: one jar, one subcommand per job. Every error a user can
 * cause ends as a one-line message on stderr and a non-zero exit code, never a stack trace.
 */
@Command(name = "elman-stream", mixinStandardHelpOptions = true, version = "elman-stream 0.1.0",
        description = "Elman recurrent networks over live event streams with Kafka Streams.",
        footer = {"", "Grew out of \"the tutorial\": " + Main.TUTORIAL},
        subcommands = {DemoCommand.class, RunCommand.class, BrokerCommand.class, ProduceCommand.class, TailCommand.class, PublishCommand.class, ModelsCommand.class, RetrainCommand.class, ExportCommand.class, TrainCommand.class, PredictCommand.class, GenerateCommand.class, PlotCommand.class, GradcheckCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** What "the tutorial" in help and output refers to. */
    static final String TUTORIAL = "Brandon Brown, \"Simple Recurrent Neural Network\" (temporal xor and \"hello\" with numpy and scipy), http://outlace.com/rnn.html";

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code: 0 ok, 1 failed, 2 bad usage. */
    public static int execute(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setParameterExceptionHandler((ex, a) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage() + " (see --help)");
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + oneLine(ex));
            return 1;
        });
        cli.setExecutionStrategy(parsed -> {
            RangeCheck.check(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        return cli.execute(args);
    }

    static String oneLine(Throwable ex) {
        if (ex instanceof UncheckedIOException u) ex = u.getCause();
        String msg;
        if (ex instanceof NoSuchFileException f) msg = "file not found: " + f.getFile();
        // our own refusals name the problem in their message; the class name would only add noise
        else if (ex instanceof ModelFormatException || ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                || ex instanceof IOException) msg = ex.getMessage();
        else msg = ex.getClass().getSimpleName() + ": " + ex.getMessage();
        if (msg == null) msg = ex.getClass().getSimpleName();
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
