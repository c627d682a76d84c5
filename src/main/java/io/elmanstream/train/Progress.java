package io.elmanstream.train;

/** Receives progress of long work; the command line draws it as a bar. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total, note) -> { };

    void update(long done, long total, String note);
}
