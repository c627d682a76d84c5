package io.elmanstream.cli;

import io.elmanstream.train.Progress;

import java.io.PrintStream;

/**
 * A one-line progress bar on stderr, redrawn at most ten times a second; silent for short work.
 * It shows how far (in its unit), the rate so far and the time left at that rate.
 */
final class ProgressBar implements Progress {
    private static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private final PrintStream out;
    private final String label;
    /** What {@code done} counts ("events", "characters"), for the count and the rate; null: a share of a whole, no rate. */
    private final String unit;
    private final long started = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintStream out, String label) {
        this(out, label, null);
    }

    ProgressBar(PrintStream out, String label, String unit) {
        this.out = out;
        this.label = label;
        this.unit = unit;
    }

    @Override
    public void update(long done, long total, String note) {
        long now = System.nanoTime();
        if (now - started < SHOW_AFTER_NANOS || now - lastDraw < 100_000_000L && done < total) return;
        lastDraw = now;
        out.print("\r" + line(done, total, (now - started) / 1e9, note) + "   ");
        out.flush();
        drawn = true;
    }

    /** The bar's text after {@code seconds}: bar, count, rate, time left, note. */
    String line(long done, long total, double seconds, String note) {
        int width = 30;
        int filled = total > 0 ? (int) Math.min(width, width * done / total) : 0;
        StringBuilder s = new StringBuilder(String.format("%s [%s%s] %,d/%,d", label, "#".repeat(filled), ".".repeat(width - filled), done, total));
        double rate = seconds > 0 ? done / seconds : 0;
        if (unit != null) s.append(' ').append(unit).append(String.format(", %,.0f %s/s", rate, unit));
        if (rate > 0 && done < total) s.append(", ").append(eta((total - done) / rate)).append(" left");
        if (note != null && !note.isEmpty()) s.append("  ").append(note);
        return s.toString();
    }

    private static String eta(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }

    /** Ends the bar's line so that later output starts clean. */
    void finish() {
        if (drawn) out.println();
        drawn = false;
    }
}
