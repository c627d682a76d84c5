package io.elmanstream.cli;

import io.elmanstream.http.StatusServer;
import io.elmanstream.kafka.KafkaSession;
import io.elmanstream.stream.StreamApp;

import java.io.PrintStream;

/** The stream processor and its HTTP side (unless turned off), as {@code run} and {@code demo} start and stop them. */
record ServedProcessor(StreamApp app, StatusServer status) implements AutoCloseable {

    /** Builds the processor (not started) on the session, advertising where {@code status} (bound first) answers. */
    static ServedProcessor open(KafkaSession session, StatusServer status, PrintStream out) throws Exception {
        try {
            StreamApp app = new StreamApp(session, status == null ? null : status.advertised());
            if (status != null) {
                status.serve(app);
                out.println(status.describe());
            }
            return new ServedProcessor(app, status);
        } catch (Exception | Error e) {
            if (status != null) status.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (status != null) status.close();
        app.close();
    }
}
