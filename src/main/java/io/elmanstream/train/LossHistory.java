package io.elmanstream.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Losses recorded while a net trains: for a learning curve. Thread-safe for one writer and readers. */
public final class LossHistory {
    /**
     * @param symbols    training symbols seen so far
     * @param seconds    wall time since training started
     * @param training   the mean training loss of the recent updates (nats/symbol)
     * @param heldOut    the held-out loss at that moment (nats/symbol)
     * @param learningRate the step size in use
     */
    public record Point(long symbols, double seconds, double training, double heldOut, double learningRate) {
    }

    private final List<Point> points = Collections.synchronizedList(new ArrayList<>());

    void add(Point p) {
        points.add(p);
    }

    /** The points as CSV with a header line, one point per line. */
    public String csv() {
        StringBuilder b = new StringBuilder("characters,seconds,training_nats,held_out_nats,learning_rate\n");
        for (Point p : points()) {
            b.append(String.format(Locale.ROOT, "%d,%.3f,%.5f,%.5f,%.4g\n", p.symbols(), p.seconds(), p.training(), p.heldOut(), p.learningRate()));
        }
        return b.toString();
    }

    public List<Point> points() {
        synchronized (points) {
            return List.copyOf(points);
        }
    }
}
