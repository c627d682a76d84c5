package io.elmanstream.testsupport;

import io.elmanstream.stream.StreamApp;

/** Waiting for what a running processor serves. */
public final class Serving {
    private Serving() {
    }

    /** Waits up to 60 s until the processor serves version {@code version} of xor. */
    public static void awaitXorVersion(StreamApp app, long version) throws InterruptedException {
        awaitVersion(app, "xor", version);
    }

    /** Waits up to 60 s until the processor serves version {@code version} of the model. */
    public static void awaitVersion(StreamApp app, String model, long version) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            var m = app.models().get(model);
            if (m != null && m.version() == version) return;
            Thread.sleep(20);
        }
        throw new AssertionError("model " + model + " v" + version + " not serving after 60 s: " + app.models().get(model));
    }
}
