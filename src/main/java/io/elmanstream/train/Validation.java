package io.elmanstream.train;

/** The outcome of a task's success check, with a one-line account of what was checked. */
public record Validation(boolean passed, String description) {
}
