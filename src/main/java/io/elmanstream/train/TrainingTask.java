package io.elmanstream.train;

import io.elmanstream.model.ElmanNet;
import io.elmanstream.model.NetShape;
import io.elmanstream.model.Objective;
import io.elmanstream.model.Vocabulary;

import java.util.List;

/**
 * A learning problem: the net it needs, its training data and the held-out check a fit must pass.
 * The trainer knows nothing else about the task.
 */
public interface TrainingTask {
    String name();

    Objective objective();

    Vocabulary vocabulary();

    NetShape shape();

    /** One line describing the data, stored in the model's training report. */
    String dataSummary();

    List<Sequence> trainingData();

    Validation validate(ElmanNet net);

    /**
     * Held-out sequences the alert threshold is measured on (never trained on); none by default,
     * and then the model raises no alerts.
     */
    default List<Sequence> heldOutData() {
        return List.of();
    }

    /** Half-width of the uniform distribution that initial weights are drawn from. */
    default double initScale() {
        return 1.0;
    }
}
