package io.elmanstream.cli;

import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.model.AlertRule;
import io.elmanstream.model.AlertThreshold;
import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.model.TrainingReport;
import io.elmanstream.serving.ModelTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code publish}: validates a model file and writes it to {@code elman.models}. */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Validate a model file and publish it to elman.models; running processors switch to it without a restart.")
public final class PublishCommand implements Callable<Integer> {
    @Mixin
    ClientOptions kafka;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "model file (JSON)")
    Path modelFile;

    @Option(names = "--next-version", description = "publish as the version after the one in the topic, whatever the file says")
    boolean nextVersion;

    @Range(min = 0)
    @Option(names = "--alert-threshold", paramLabel = "BITS", description = "store this alert threshold (mean surprisal in bits over "
            + "elman.alert.window events) in the model's training report, over the one training measured")
    Double alertThreshold;

    @Range(min = 1, max = AlertRule.MAX_WINDOW)
    @Option(names = "--alert-window", paramLabel = "N", defaultValue = "" + AlertThreshold.DEFAULT_WINDOW, description = "the events --alert-threshold is a mean over "
            + "(default: ${DEFAULT-VALUE}; the app's elman.alert.window must match)")
    int alertWindow;

    @Override
    public Integer call() throws Exception {
        Model m = ModelCodec.read(modelFile);
        if (alertThreshold != null) {
            AlertThreshold t = AlertThreshold.manual(alertWindow, alertThreshold);
            m = m.withReport(m.report() == null ? new TrainingReport("", 0, "", Double.NaN, 0, 0, "", false, 0, t) : m.report().withAlert(t));
        }
        try (KafkaSession session = KafkaSession.connect(kafka.toConfig())) {
            ModelTopic topic = ModelTopic.of(session);
            Model serving = topic.latest().get(m.name());
            if (nextVersion && serving != null) m = m.withVersion(serving.version() + 1);
            if (serving != null && m.version() <= serving.version()) {
                throw new IllegalArgumentException("model " + m.name() + " v" + m.version() + " is not newer than the published v"
                        + serving.version() + " (use --next-version)");
            }
            topic.publish(m);
            System.out.printf("published model %s v%d to %s%s%n", m.name(), m.version(), session.topics().models().name(),
                    m.alertThreshold() == null ? "" : "; alerts: " + m.alertThreshold().describe());
        }
        return 0;
    }
}
