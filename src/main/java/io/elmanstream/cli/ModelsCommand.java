package io.elmanstream.cli;

import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.model.NetShape;
import io.elmanstream.serving.ModelTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;

/** {@code models}: what serves, read from the models topic itself (no running instance needed). */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models that serve, from elman.models: name, version, task, sizes, vocabulary, when published.")
public final class ModelsCommand implements Callable<Integer> {
    @Mixin
    ClientOptions kafka;

    @Override
    public Integer call() throws Exception {
        try (KafkaSession session = KafkaSession.connect(kafka.toConfig())) {
            var published = ModelTopic.of(session).published();
            if (published.isEmpty()) {
                System.out.println("no model serves yet: run or demo publishes xor and hello, publish --model FILE publishes yours");
                return 0;
            }
            System.out.printf("%-12s %-8s %-12s %-14s %10s  %s%n", "model", "version", "task", "in/hidden/out", "vocabulary", "published (UTC)");
            for (ModelTopic.Published p : published.values()) {
                NetShape s = p.model().net().shape();
                System.out.printf("%-12s %-8s %-12s %-14s %10d  %s%n", p.model().name(), "v" + p.model().version(), p.model().task(),
                        s.numIn() + "/" + s.numHid() + "/" + s.numOut(), p.model().vocabulary().size(), p.at().truncatedTo(ChronoUnit.SECONDS));
            }
        }
        return 0;
    }
}
