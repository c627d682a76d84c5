package io.elmanstream.records;

/**
 * One arriving event: {@code {"model":"xor","symbol":"1","target":"0","reset":false}}. The target
 * (optional) is the label for labelled tasks, kept in the archive for retraining; {@code reset}
 * starts a new sequence for the key.
 */
public record Event(String model, String symbol, String target, boolean reset) {
}
