package io.elmanstream.cli;

import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.retrain.ArchiveReader;
import io.elmanstream.retrain.SequenceFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code export}: writes a model's archived sequences to a JSON-lines file. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Write the archived sequences of one model from elman.events to a JSON-lines file.")
public final class ExportCommand implements Callable<Integer> {
    @Mixin
    ClientOptions kafka;

    @Option(names = "--model", required = true, description = "model name")
    String model;

    @Option(names = "--out", required = true, paramLabel = "FILE.jsonl", description = "output file")
    Path out;

    @Override
    public Integer call() throws Exception {
        try (KafkaSession session = KafkaSession.connect(kafka.toConfig())) {
            ProgressBar bar = new ProgressBar(System.err, "reading archive", "records");
            ArchiveReader.Result r = new ArchiveReader(session.clientConfig(), session.topics().events().name(),
                    session.config().maxEventBytes(), session.config().maxKeyBytes()).read(model, bar);
            bar.finish();
            SequenceFile.write(out, r.sequences());
            System.out.printf("read %s (%d unusable), wrote %s of model %s to %s%n",
                    Count.of(r.records(), "record"), r.skipped(), Count.of(r.sequences().size(), "sequence"), model, out);
        }
        return 0;
    }
}
