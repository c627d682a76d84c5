package io.elmanstream.records;

/** A record that cannot be processed: where it failed ({@code stage}) and why, for the dead letter. */
public class BadRecordException extends Exception {
    private final String stage;

    public BadRecordException(String stage, String reason) {
        super(reason, null, false, false);  // no stack trace: this is an expected outcome, not a bug
        this.stage = stage;
    }

    public String stage() {
        return stage;
    }
}
