package io.elmanstream.stream;

import io.elmanstream.model.Model;
import io.elmanstream.train.Progress;
import io.elmanstream.train.Trainer;
import io.elmanstream.train.TrainingSetup;

/** Small trained models for stream tests (milliseconds to train, deterministic by seed). */
public final class TestModels {
    private TestModels() {
    }

    public static Model xor(long seed, long version) {
        TrainingSetup s = TrainingSetup.xor(4, seed, null, 100);
        Trainer.Result r = s.run(seed, null, Progress.NONE);
        return s.toModel(r, "xor", version);
    }

    public static Model hello(long seed, long version) {
        TrainingSetup s = TrainingSetup.hello(10, "hello", 100);
        Trainer.Result r = s.run(seed, null, Progress.NONE);
        return s.toModel(r, "hello", version);
    }
}
