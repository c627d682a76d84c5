package io.elmanstream.cli;

import io.elmanstream.train.Progress;

import java.io.PrintStream;

/** A one-line progress bar on stderr, redrawn at most ten times a second; silent for short work. */
final class ProgressBar implements Progress {
    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private final PrintStream out;
    private final String label;
    private final long started = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintStream out, String label) {
        this.out = out;
        this.label = label;
    }

    @Override
    public void update(long done, long total, String note) {
        long now = System.nanoTime();
        if (now - started < SHOW_AFTER_NANOS || now - lastDraw < 100_000_000L && done < total) return;
        lastDraw = now;
        int width = 30;
        int filled = total > 0 ? (int) Math.min(width, width * done / total) : 0;
        out.printf("\r%s [%s%s] %d/%d %s   ", label, "#".repeat(filled), ".".repeat(width - filled), done, total, note);
        out.flush();
        drawn = true;
    }

    /** Ends the bar's line so that later output starts clean. */
    void finish() {
        if (drawn) out.println();
        drawn = false;
    }
}
