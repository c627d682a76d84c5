package io.elmanstream.kafka;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

import java.nio.file.Path;

/**
 * Where Kafka's own logs go: {@code elman-stream.log} in the data dir, so that the console carries the
 * product's lines and real problems, not the broker's and the clients' routine (a leader election
 * logs ERROR stack traces that are part of a normal cluster start).
 */
public final class KafkaLogFile {
    static final String PROPERTY = "elman.log.file";

    private KafkaLogFile() {
    }

    /** Sends Kafka's logs to the data dir's log file from now on; returns the file. */
    public static synchronized Path routeTo(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve("elman-stream.log");
        if (!file.toString().equals(System.getProperty(PROPERTY))) {
            System.setProperty(PROPERTY, file.toString());
            if (LogManager.getContext(false) instanceof LoggerContext context) context.reconfigure();
        }
        return file;
    }
}
