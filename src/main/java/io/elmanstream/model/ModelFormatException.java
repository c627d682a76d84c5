package io.elmanstream.model;

/** A model document that cannot be served; the message names the problem in one line. */
public class ModelFormatException extends Exception {
    public ModelFormatException(String message) {
        super(message);
    }
}
