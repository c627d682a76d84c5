package io.elmanstream.testsupport;

import io.elmanstream.stream.StreamApp;

/** Waiting for what a running processor serves. */
public final class Serving {
    private Serving() {
    }

    /** Waits up to 60 s until the processor serves version {@code version} of xor. */
    public static void awaitXorVersion(StreamApp app, long version) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            var m = app.models().get("xor");
            if (m != null && m.version() == version) return;
            Thread.sleep(100);
        }
        throw new AssertionError("model xor v" + version + " not serving after 60 s: " + app.models().get("xor"));
    }
}
