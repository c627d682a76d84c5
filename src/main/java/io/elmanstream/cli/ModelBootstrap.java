package io.elmanstream.cli;

import io.elmanstream.model.Model;
import io.elmanstream.model.ModelCodec;
import io.elmanstream.serving.ModelTopic;
import io.elmanstream.train.TrainingSetup;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Makes sure the models a run needs are in {@code elman.models}: the given files (when newer than
 * what the topic holds), or, with none given, an xor and a hello model trained on the spot
 * (milliseconds) when the topic has none, so that nothing has to be prepared by hand.
 */
final class ModelBootstrap {
    private ModelBootstrap() {
    }

    static void ensure(ModelTopic topic, List<Path> files, PrintStream console, String applicationId) throws Exception {
        if (!files.isEmpty()) {
            Map<String, Model> serving = topic.latest();
            for (Path f : files) {
                Model m = ModelCodec.read(f);
                Model cur = serving.get(m.name());
                if (cur != null && cur.version() >= m.version()) {
                    console.printf("model %s v%d from %s: topic already serves v%d, not republished%n", m.name(), m.version(), f, cur.version());
                } else {
                    topic.publish(m);
                    console.printf("published model %s v%d from %s%n", m.name(), m.version(), f);
                }
            }
            return;
        }
        List<String> tasks = List.of("xor", "hello");
        // instances started together: one of them trains and publishes v1, the others find it (ModelTopic.publishFirstVersions)
        Map<String, Model> published = topic.publishFirstVersions(tasks, task -> (task.equals("xor") ? TrainingSetup.referenceXor(1)
                : TrainingSetup.referenceHello()).trainModel(1, task, 1), applicationId + "-first-models", Duration.ofSeconds(60));
        Map<String, Model> serving = published.size() == tasks.size() ? published : topic.latest();
        for (String task : tasks) {
            Model m = serving.get(task);
            if (published.containsKey(task)) {
                console.printf("trained and published model %s v1 in %d ms (%s)%n", task, m.report().millis(), m.report().validation());
            } else {
                console.printf("model %s v%d already in the models topic%n", task, m.version());
            }
        }
    }
}
