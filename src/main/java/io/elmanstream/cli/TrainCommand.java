package io.elmanstream.cli;

import io.elmanstream.model.Activation;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.model.TrainingReport;
import io.elmanstream.plot.Charts;
import io.elmanstream.plot.LearningCurveChart;
import io.elmanstream.train.Arithmetic;
import io.elmanstream.train.LossHistory;
import io.elmanstream.train.SizeForBudget;
import io.elmanstream.train.TextTask;
import io.elmanstream.train.Trainer;
import io.elmanstream.train.TrainingSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@code train}: fits a model for one of the reference tasks and writes the model file. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an Elman net (xor, hello or text) with random restarts until it passes its validation check.",
        footer = {"", "xor's \"tutorial check\" (1 0 0 1 1 0 -> ? 1 0 1 0 1) and the hello task come from the tutorial: " + Main.TUTORIAL})
public final class TrainCommand implements Callable<Integer> {
    enum Task { xor, hello, text }

    @Option(names = "--task", required = true, description = "xor, hello or text")
    Task task;

    @Option(names = "--data", description = "xor: bits like \"0 0 1 1 0\" (';' separates sequences); hello: the word; text: a UTF-8 file")
    String data;

    @Range(min = 1, max = 4096)
    @Option(names = "--hidden", description = "hidden units (default: xor 4, hello 10, text 100; text with --time-budget: "
            + "the largest net that sees " + SizeForBudget.CHARACTERS_PER_WEIGHT + " characters per weight in the budget, measured on this machine)")
    Integer hidden;

    @Option(names = "--hidden-activation", description = "sigmoid or tanh (default: sigmoid for xor/hello, tanh for text)")
    String hiddenActivation;

    @Option(names = "--seed", defaultValue = "1", description = "random seed; the whole run is a function of it (default: ${DEFAULT-VALUE})")
    long seed;

    @Range(min = 1)
    @Option(names = "--max-restarts", defaultValue = "" + TrainingSetup.DEFAULT_ATTEMPTS, description = "give up after this many fits (default: ${DEFAULT-VALUE})")
    int maxRestarts;

    @Range(min = 1)
    @Option(names = "--epochs", defaultValue = "2", description = "text: passes over the training text (default: ${DEFAULT-VALUE})")
    int epochs;

    @Range(min = 0, aboveMin = true)
    @Option(names = "--learning-rate", defaultValue = "0.003", description = "text: Adam learning rate (default: ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--name", description = "model name (default: the task name, or the file name for text)")
    String name;

    @Range(min = 1)
    @Option(names = "--model-version", defaultValue = "1", description = "version written into the model (default: ${DEFAULT-VALUE})")
    long version;

    @Option(names = "--out", description = "write the model file here")
    Path out;

    @Option(names = "--time-budget", paramLabel = "DURATION", description = "text: train for this long (e.g. 5m) instead of --epochs, "
            + "scoring the held-out tenth as it goes, the step falling to 0 by the deadline (cosine) and halved when the score stalls, "
            + "the best weights kept")
    String timeBudget;

    @Option(names = "--plot", paramLabel = "FILE", description = "text with --time-budget: draw the training and held-out loss against "
            + "characters seen (.png, or .svg)")
    Path plot;

    @Option(names = "--history", paramLabel = "FILE", description = "text with --time-budget: write every held-out score as CSV "
            + "(characters, seconds, training and held-out nats/char, step size)")
    Path historyFile;

    @Range(min = 0, max = 1, belowMax = true)
    @Option(names = "--dropout", description = "text: the share of hidden units whose connections to the output each training step "
            + "drops, against overfitting a long run (0 to below 1; default: ${DEFAULT-VALUE})", defaultValue = "0")
    double dropout;

    @Option(names = "--arithmetic", description = "text: the arithmetic of minibatch training, float32 or float64 (default: float32)")
    String arithmetic;

    private final LossHistory history = new LossHistory();
    /** Set by Ctrl-C (SIGINT) or SIGTERM during a --time-budget run: training stops and what it has is written. */
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CountDownLatch written = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        if ((timeBudget != null || plot != null || historyFile != null || arithmetic != null || dropout != 0) && task != Task.text) {
            throw new IllegalArgumentException("--time-budget, --plot, --history, --arithmetic and --dropout are for --task text");
        }
        if (plot != null && timeBudget == null) throw new IllegalArgumentException("--plot draws the scores of a --time-budget run: add --time-budget");
        if (historyFile != null && timeBudget == null) throw new IllegalArgumentException("--history lists the scores of a --time-budget run: add --time-budget");
        TrainingSetup setup = setup();
        Thread saveOnStop = null;
        if (timeBudget != null) {
            // a long run is never lost: on SIGINT/SIGTERM the training loop stops, this command writes what it asked for, then the JVM exits
            saveOnStop = new Thread(() -> {
                stop.set(true);
                System.err.println();
                System.err.println("stopping: writing the best weights so far" + (out != null ? " to " + out : "")
                        + (plot != null || historyFile != null ? " and the scores so far" : "") + "...");
                try {
                    written.await(5, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "save-on-stop");
            Runtime.getRuntime().addShutdownHook(saveOnStop);
        }
        try {
            return trainAndWrite(setup);
        } finally {
            written.countDown();
            if (saveOnStop != null && !stop.get()) Runtime.getRuntime().removeShutdownHook(saveOnStop);
        }
    }

    private int trainAndWrite(TrainingSetup setup) throws Exception {
        ProgressBar bar = new ProgressBar(System.err, "training " + task);
        Trainer.Result result = setup.run(seed, null, bar);
        bar.finish();
        Model model = setup.toModel(result, name != null ? name : defaultName(), version);
        TrainingReport r = result.report();
        System.out.printf("task %s: %s%n", task, r.data());
        System.out.printf("final cost %.6g, %s, %s, wall time %d ms%n",
                r.cost(), Count.of(r.evaluations(), "function evaluation"), Count.of(r.restarts(), "restart"), r.millis());
        System.out.printf("validation: %s -> %s%n", r.validation(), r.passed() ? "PASSED" : "FAILED");
        if (timeBudget != null) {
            var last = history.points().get(history.points().size() - 1);
            System.out.printf("held out: %.4f nats/char = %.4f bits/char (best of %d scores; %,d characters trained on in %.0f s)%n",
                    r.cost(), r.cost() / Math.log(2), history.points().size(), last.symbols(), last.seconds());
        }
        if (plot != null) {
            Charts.write(LearningCurveChart.of("learning curve of " + model.name(), history), plot, 900, 600);
            System.out.println("learning curve written to " + plot);
        }
        if (historyFile != null) {
            Path parent = historyFile.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent); // as --out and --plot do
            Files.writeString(historyFile, history.csv());
            System.out.println("scores written to " + historyFile);
        }
        if (out != null) {
            ModelCodec.write(model, out);
            System.out.println("model written to " + out);
        }
        if (!r.passed()) {
            System.err.println("error: no fit passed the validation check in " + Count.of(maxRestarts, "attempt"));
            return 3;
        }
        return 0;
    }

    private TrainingSetup setup() throws Exception {
        return switch (task) {
            case xor -> TrainingSetup.xor(hidden == null ? TrainingSetup.XOR_HIDDEN : hidden, seed, data == null ? null : parseBits(data), maxRestarts);
            case hello -> TrainingSetup.hello(hidden == null ? TrainingSetup.HELLO_HIDDEN : hidden, data == null ? "hello" : data, maxRestarts);
            case text -> {
                if (data == null) throw new IllegalArgumentException("--task text needs --data FILE");
                Path file = Path.of(data);
                if (!Files.isRegularFile(file)) throw new IllegalArgumentException("data file not found: " + data);
                String text = Files.readString(file, StandardCharsets.UTF_8);
                if (text.isEmpty()) throw new IllegalArgumentException("data file is empty: " + data);
                Activation act = hiddenActivation == null ? Activation.TANH : Activation.parse(hiddenActivation);
                Arithmetic arith = arithmetic == null ? Arithmetic.FLOAT32 : Arithmetic.parse(arithmetic);
                System.out.println("arithmetic: " + arith.describe());
                if (timeBudget != null) {
                    Duration budget = Interval.parse(timeBudget, "--time-budget");
                    int size = hidden != null ? hidden : sizeFor(text, budget, arith);
                    yield TrainingSetup.textForTime(name != null ? name : defaultName(), text, size,
                            act, file.getFileName().toString(), budget, learningRate, history, stop, arith, dropout);
                }
                yield TrainingSetup.text(name != null ? name : defaultName(), text, hidden == null ? TrainingSetup.TEXT_HIDDEN : hidden, act,
                        file.getFileName().toString(), epochs, learningRate, maxRestarts, arith, dropout);
            }
        };
    }

    /** The hidden size the budget affords on this machine, said in one line. */
    private static int sizeFor(String text, Duration budget, Arithmetic arithmetic) {
        TextTask task = new TextTask("size", text, TrainingSetup.TEXT_HIDDEN, Activation.TANH, "size");
        System.err.println("measuring the training rate to choose the net's size for the budget...");
        SizeForBudget size = SizeForBudget.pick(task.vocabulary().size(), task.trainingSymbols().length, budget, arithmetic);
        System.out.println("size: " + size.reason() + " (--hidden sets it)");
        return size.hidden();
    }

    private String defaultName() {
        if (task == Task.text && data != null) {
            String f = Path.of(data).getFileName().toString();
            int dot = f.lastIndexOf('.');
            return dot > 0 ? f.substring(0, dot) : f;
        }
        return task.name();
    }

    /** "0 0 1 1 0; 1 0 1" -> two bit sequences; anything but 0 and 1 is refused. */
    static List<int[]> parseBits(String text) {
        List<int[]> seqs = new ArrayList<>();
        for (String part : text.split(";")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            String[] tokens = p.split("\\s+");
            int[] bits = new int[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                if (!tokens[i].equals("0") && !tokens[i].equals("1")) {
                    throw new IllegalArgumentException("symbol '" + tokens[i] + "' is not in the xor vocabulary [0, 1]");
                }
                bits[i] = tokens[i].charAt(0) - '0';
            }
            if (bits.length < 2) throw new IllegalArgumentException("an xor sequence needs at least 2 bits, got '" + p + "'");
            seqs.add(bits);
        }
        if (seqs.isEmpty()) throw new IllegalArgumentException("--data is empty");
        return seqs;
    }
}
