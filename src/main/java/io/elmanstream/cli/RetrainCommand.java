package io.elmanstream.cli;

import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.retrain.ArchiveReader;
import io.elmanstream.retrain.ArchivedSequence;
import io.elmanstream.retrain.RetrainJob;
import io.elmanstream.retrain.SequenceFile;
import io.elmanstream.serving.ModelTopic;
import io.elmanstream.train.Arithmetic;
import io.elmanstream.train.SequenceScore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code retrain}: the batch job that retrains a model from the archive and publishes it if it is better beyond noise. */
@Command(name = "retrain", mixinStandardHelpOptions = true,
        description = "Retrain a model from the archived events (or a --from file), compare it with the serving version on held-out keys "
                + "and publish it only if it is better beyond noise (exit 4 when it is not).")
public final class RetrainCommand implements Callable<Integer> {
    @Mixin
    ClientOptions kafka;

    @Option(names = "--model", required = true, description = "model name")
    String model;

    @Option(names = "--from", paramLabel = "FILE.jsonl", description = "train from an exported sequence file instead of the archive")
    Path from;

    @Option(names = "--force", description = "publish even if the new model is not better")
    boolean force;

    @Option(names = "--create", description = "train and publish the model when no version of it serves yet")
    boolean create;

    @Option(names = "--fresh", description = "ignore the serving model's layout and weights (no warm start)")
    boolean fresh;

    @Range(min = 1, max = 4096)
    @Option(names = "--hidden", defaultValue = "4", description = "hidden units for a new layout (no model serving, or --fresh) (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Range(min = 1)
    @Option(names = "--max-restarts", defaultValue = "50", description = "fits to try (default: ${DEFAULT-VALUE})")
    int maxRestarts;

    @Option(names = "--out", description = "also write the new model file here")
    Path out;

    @Option(names = "--every", paramLabel = "DURATION", description = "keep running: retrain at this interval (e.g. 30s, 10m, 6h, 1d), "
            + "one line per decision; Ctrl-C stops")
    String every;

    @Range(min = 0)
    @Option(names = "--max-events", paramLabel = "N", defaultValue = "1000000",
            description = "use at most the newest N archived events (default: ${DEFAULT-VALUE}; 0 = all): bounds memory for label models")
    long maxEvents;

    @Option(names = "--since", paramLabel = "DURATION", description = "use only events of the last DURATION (e.g. 7d, 12h)")
    String since;

    @Range(min = 1)
    @Option(names = "--epochs", paramLabel = "N", defaultValue = "3",
            description = "passes over the archive when a next-symbol model trains streamed from it (default: ${DEFAULT-VALUE})")
    int epochs;

    @Range(min = 0)
    @Option(names = "--min-gain", paramLabel = "NATS", defaultValue = RetrainJob.DEFAULT_MIN_GAIN,
            description = "publish only when held-out cross-entropy improves by more than this many nats/step beyond noise (default: ${DEFAULT-VALUE})")
    double minGain;

    @Range(min = 0)
    @Option(names = "--runs", paramLabel = "N", defaultValue = "0", description = "with --every: stop after N runs (default: 0 = until stopped)")
    int runs;

    private ArchiveReader.Window window;

    @Override
    public Integer call() throws Exception {
        window = new ArchiveReader.Window(maxEvents, since == null ? null : Instant.now().minus(Interval.parse(since, "--since")));
        if (every == null) return retrainOnce();
        Duration interval = Interval.parse(every, "--every");
        for (int run = 1; runs == 0 || run <= runs; run++) {
            long started = System.nanoTime();
            String decision;
            try {
                int code = retrainOnce();
                decision = code == 0 ? "published" : "kept the serving version";
            } catch (IllegalArgumentException | IllegalStateException e) {
                decision = "failed: " + Main.oneLine(e);   // the next run may find more data, or the cluster back
            }
            System.out.printf("%s retrain %s run %d: %s; next in %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), model, run, decision,
                    runs != 0 && run == runs ? "(none: last run)" : every);
            if (runs != 0 && run == runs) break;
            long waitMs = interval.toMillis() - (System.nanoTime() - started) / 1_000_000;
            if (waitMs > 0) Thread.sleep(waitMs);
        }
        return 0;
    }

    private int retrainOnce() throws Exception {
        try (KafkaSession session = KafkaSession.connect(kafka.toConfig())) {
            ModelTopic models = ModelTopic.of(session);
            Map<String, Model> serving = models.latest();
            Model current = serving.get(model);
            if (current == null && !create) {
                throw new IllegalArgumentException("no model named '" + model + "' is serving (serving: "
                        + (serving.isEmpty() ? "none" : String.join(", ", new TreeSet<>(serving.keySet())))
                        + "); --create trains a new one from its archived events");
            }
            System.out.println(current == null ? "no version of " + model + " is serving" : "serving: " + model + " v" + current.version());
            RetrainJob job = new RetrainJob(hidden, maxRestarts, seed, minGain);
            RetrainJob.Outcome o;
            if (from != null) {
                List<ArchivedSequence> archive = SequenceFile.read(from, model);
                System.out.printf("read %s of model %s from %s%n", Count.of(archive.size(), "sequence"), model, from);
                ProgressBar bar = new ProgressBar(System.err, "training");
                o = job.run(model, archive, current, fresh, force, bar);
                bar.finish();
            } else {
                ArchiveReader.Slice slice = new ArchiveReader(session.clientConfig(), session.topics().events().name(),
                        session.config().maxEventBytes(), session.config().maxKeyBytes()).slice(window);
                System.out.printf("archive window: %s%s%n", Count.of(slice.records(), "record"),
                        maxEvents > 0 || since != null ? " (the newest" + (maxEvents > 0 ? ", at most " + maxEvents : "")
                                + (since != null ? ", since " + since + " ago" : "") + ")" : "");
                System.out.println("arithmetic: " + Arithmetic.FLOAT32.describe());
                ProgressBar bar = new ProgressBar(System.err, "retraining");
                o = job.runStreamed(model, slice, current, fresh, force, epochs, bar);
                bar.finish();
            }
            System.out.printf("trained: %s; %s, %s, %d ms%n", o.training().report().data(),
                    Count.of(o.training().report().restarts(), "restart"), Count.of(o.training().report().evaluations(), "evaluation"),
                    o.training().report().millis());
            System.out.println("new     v" + o.candidate().version() + ": " + describe(o.candidateScore()));
            if (o.currentScore() != null) System.out.println("serving v" + current.version() + ": " + describe(o.currentScore()));
            if (out != null) ModelCodec.write(o.candidate(), out);
            if (!o.publish()) {
                System.out.println("not published: " + o.reason() + " (--force publishes anyway)");
                return 4;
            }
            models.publish(o.candidate());
            System.out.printf("published %s v%d: %s%n", model, o.candidate().version(), o.reason());
        }
        return 0;
    }

    private static String describe(SequenceScore s) {
        return String.format("accuracy %.4f (%d/%d validation steps), cross-entropy %.4f", s.accuracy(), s.right(), s.steps(), s.crossEntropy());
    }
}
