package io.elmanstream.testsupport;

import io.elmanstream.stream.StreamApp;

import java.time.Duration;

import static io.elmanstream.testsupport.Waits.await;

/** Waiting for what a running processor serves. */
public final class Serving {
    private Serving() {
    }

    /** Waits up to 60 s until the processor serves version {@code version} of xor. */
    public static void awaitXorVersion(StreamApp app, long version) {
        awaitVersion(app, "xor", version);
    }

    /** Waits up to 60 s until the processor serves version {@code version} of the model. */
    public static void awaitVersion(StreamApp app, String model, long version) {
        await("model " + model + " v" + version + " serving").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> app.models().get(model), m -> m != null && m.version() == version);
    }
}
