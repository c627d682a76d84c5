package io.elmanstream.testsupport;

import io.elmanstream.model.Model;
import io.elmanstream.train.TrainingSetup;

/** Small trained models for stream tests (milliseconds to train, deterministic by seed). */
public final class TestModels {
    private TestModels() {
    }

    public static Model xor(long seed, long version) {
        return TrainingSetup.referenceXor(seed).trainModel(seed, "xor", version);
    }

    public static Model hello(long seed, long version) {
        return TrainingSetup.referenceHello().trainModel(seed, "hello", version);
    }
}
