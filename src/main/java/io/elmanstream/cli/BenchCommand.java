package io.elmanstream.cli;

import io.elmanstream.bench.ArchiveFill;
import io.elmanstream.bench.BenchModels;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.model.Activation;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.train.Progress;
import io.elmanstream.train.TextTask;
import io.elmanstream.train.Trainer;
import io.elmanstream.train.TrainingSetup;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.utils.ByteBufferOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bench}: the training figures of docs/BENCHMARKS.md, reproducible from the command line. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks: training over many seeds, text training speed, the stream topology, an archive to retrain from.",
        subcommands = {BenchCommand.Seeds.class, BenchCommand.Text.class, StreamBenchCommand.class, BenchCommand.Archive.class, BenchCommand.Load.class})
public final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Trains xor or hello once per seed; success rate and time to success. */
    @Command(name = "seeds", mixinStandardHelpOptions = true, description = "Train xor or hello for seeds 1..N: success rate and median time to success.")
    static final class Seeds implements Callable<Integer> {
        @Option(names = "--task", required = true, description = "xor or hello")
        String task;

        @Range(min = 1)
        @Option(names = "--seeds", defaultValue = "200", description = "seeds 1..N (default: ${DEFAULT-VALUE})")
        int seeds;

        @Range(min = 0)
        @Option(names = "--warmup", defaultValue = "50", description = "untimed runs first, so the JIT has compiled the code (default: ${DEFAULT-VALUE})")
        int warmup;

        @Override
        public Integer call() {
            if (!task.equals("xor") && !task.equals("hello")) throw new IllegalArgumentException("--task must be xor or hello");
            for (int s = 1; s <= warmup; s++) once(1000L + s);
            var bean = ManagementFactory.getThreadMXBean();
            double[] wall = new double[seeds];
            double[] cpu = new double[seeds];
            int passed = 0, restarts = 0;
            for (int s = 1; s <= seeds; s++) {
                long c0 = bean.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                Trainer.Result r = once(s);
                wall[s - 1] = (System.nanoTime() - t0) / 1e6;
                cpu[s - 1] = (bean.getCurrentThreadCpuTime() - c0) / 1e6;
                if (r.validation().passed()) passed++;
                restarts += r.report().restarts();
            }
            Arrays.sort(wall);
            Arrays.sort(cpu);
            System.out.printf("%s: %d/%d seeds passed the validation check; %s in all%n", task, passed, seeds, Count.of(restarts, "restart"));
            System.out.printf("time to success per seed (restarts included): median %.3f ms wall, %.3f ms CPU; p90 %.3f ms wall; max %.3f ms wall%n",
                    wall[seeds / 2], cpu[seeds / 2], wall[(int) (seeds * 0.9)], wall[seeds - 1]);
            return passed == seeds ? 0 : 1;
        }

        private Trainer.Result once(long seed) {
            TrainingSetup setup = task.equals("xor") ? TrainingSetup.referenceXor(seed) : TrainingSetup.referenceHello();
            return setup.run(seed, null, Progress.NONE);
        }
    }

    /** Characters per second of the chunked minibatch trainer on a text file. */
    @Command(name = "text", mixinStandardHelpOptions = true, description = "Training speed of a character model in characters per second.")
    static final class Text implements Callable<Integer> {
        @Option(names = "--data", required = true, description = "UTF-8 text file")
        Path data;

        @Range(min = 1, max = 4096)
        @Option(names = "--hidden", defaultValue = "100", description = "hidden units (default: ${DEFAULT-VALUE})")
        int hidden;

        @Range(min = 1)
        @Option(names = "--epochs", defaultValue = "1", description = "passes over the text (default: ${DEFAULT-VALUE})")
        int epochs;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(data)) throw new IllegalArgumentException("data file not found: " + data);
            String text = Files.readString(data, StandardCharsets.UTF_8);
            TrainingSetup warm = TrainingSetup.text("bench", text.substring(0, Math.min(text.length(), 60_000)), hidden, Activation.TANH, "warm-up", 1, 0.003, 1);
            warm.run(1, null, Progress.NONE);
            TrainingSetup setup = TrainingSetup.text("bench", text, hidden, Activation.TANH, data.getFileName().toString(), epochs, 0.003, 1);
            long t0 = System.nanoTime();
            Trainer.Result r = setup.run(1, null, Progress.NONE);
            double secs = (System.nanoTime() - t0) / 1e9;
            int chars = ((TextTask) setup.task()).trainingSymbols().length * epochs;
            System.out.printf("%s; vocabulary %d, hidden %d; %s%n", r.report().data(), setup.task().vocabulary().size(), hidden, setup.fitter().name());
            System.out.printf("trained %d characters in %.2f s: %.0f characters/s on %d cores; final epoch loss %.3f nats/char; %s%n",
                    chars, secs, chars / secs, Runtime.getRuntime().availableProcessors(), r.report().cost(), r.report().validation());
            return 0;
        }
    }

    /** Fills the archive with a learnable stream, for retraining at scale. */
    @Command(name = "archive", mixinStandardHelpOptions = true,
            description = "Produce N events of a next-symbol model (keys reading a short text round and round, 1%% noise), or with --xor "
                    + "labelled xor bits, to the events topic, to retrain from: retrain --model NAME (--create for a new one).")
    static final class Archive implements Callable<Integer> {
        @CommandLine.Mixin
        ClientOptions kafka;

        @Range(min = 1)
        @Option(names = "--events", defaultValue = "10000000", description = "events (default: ${DEFAULT-VALUE})")
        long events;

        @Range(min = 1)
        @Option(names = "--keys", defaultValue = "1000", description = "stream keys (default: ${DEFAULT-VALUE})")
        int keys;

        @Option(names = "--model", defaultValue = "words", description = "model name the events name (default: ${DEFAULT-VALUE})")
        String model;

        @Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--xor", description = "labelled xor bits (each event's target the xor of its bit and the key's bit before) instead of text")
        boolean xor;

        @Override
        public Integer call() throws Exception {
            try (KafkaSession session = KafkaSession.connect(kafka.toConfig())) {
                ProgressBar bar = new ProgressBar(System.err, "archive", "events");
                double secs = xor
                        ? ArchiveFill.fillXor(session.clientConfig(), session.topics().events().name(), model, events, keys, seed, bar)
                        : ArchiveFill.fill(session.clientConfig(), session.topics().events().name(), model, events, keys, seed, bar);
                bar.finish();
                System.out.printf("produced %d events of model %s over %d keys to %s in %.1f s%n", events, model, keys,
                        session.topics().events().name(), secs);
            }
            return 0;
        }
    }

    /** How long a model document of a given size takes to write and to read, and its size on the wire. */
    @Command(name = "load", mixinStandardHelpOptions = true,
            description = "Write and read a 65-symbol text model's document (random weights) of each hidden size: bytes, zstd bytes, median times.")
    static final class Load implements Callable<Integer> {
        @Option(names = "--hidden", split = ",", defaultValue = "100,256,512", description = "hidden sizes (default: ${DEFAULT-VALUE})")
        List<Integer> hidden;

        @Range(min = 1)
        @Option(names = "--repeats", defaultValue = "15", description = "timed repeats per size, after 5 untimed (default: ${DEFAULT-VALUE})")
        int repeats;

        @Override
        public Integer call() throws Exception {
            for (int h : hidden) {
                Model m = BenchModels.randomText("bench", h, 1, 1);
                byte[] doc = ModelCodec.toBytes(m, false);
                long[] write = new long[repeats];
                long[] read = new long[repeats];
                for (int r = -5; r < repeats; r++) {
                    long t0 = System.nanoTime();
                    ModelCodec.toBytes(m, false);
                    long t1 = System.nanoTime();
                    ModelCodec.fromBytes(doc);
                    long t2 = System.nanoTime();
                    if (r >= 0) {
                        write[r] = t1 - t0;
                        read[r] = t2 - t1;
                    }
                }
                Arrays.sort(write);
                Arrays.sort(read);
                int zstd = zstdBytes(doc);
                System.out.printf("65/%d: %,d weights, document %,d bytes (zstd %,d), write %.1f ms, read %.1f ms (medians of %d)%n", h,
                        m.net().shape().paramCount(), doc.length, zstd, write[repeats / 2] / 1e6, read[repeats / 2] / 1e6, repeats);
            }
            return 0;
        }

        /** The document's size compressed as the model producer sends it (Kafka's own zstd codec). */
        private static int zstdBytes(byte[] doc) throws IOException {
            var buffer = new ByteBufferOutputStream(doc.length / 2);
            try (var out = Compression.zstd().build()
                    .wrapForOutput(buffer, (byte) 2)) { // 2: the record format brokers write today
                out.write(doc);
            }
            return buffer.position();
        }
    }
}
