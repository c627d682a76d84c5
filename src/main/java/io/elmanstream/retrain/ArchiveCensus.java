package io.elmanstream.retrain;

import io.elmanstream.train.Progress;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pass over a slice of the archive that keeps only what streamed training needs before it
 * starts: the symbols seen (for a new model's vocabulary), whether events carry targets, counts,
 * how often each symbol occurs in the training keys (a new model's baseline), and the sequences of the held-out keys, up to {@link #MAX_HELD_OUT_EVENTS} events (enough to
 * judge a model; the rest of the archive is only counted).
 */
record ArchiveCensus(Set<String> symbols, Map<String, Long> trainingSymbols, boolean labelled, long events, long trainingEvents, long records, long skipped,
                     List<ArchivedSequence> heldOut) {
    static final int MAX_HELD_OUT_EVENTS = 1_000_000;

    static ArchiveCensus take(ArchiveReader.Slice slice, String model, Progress progress) {
        Set<String> symbols = new LinkedHashSet<>();
        Map<String, Long> trainingSymbols = new HashMap<>();
        boolean[] labelled = {false};
        long[] events = {0, 0, 0}; // all, training, held out kept
        ArchiveReader.Sequencer heldOut = new ArchiveReader.Sequencer(model, key -> true);
        long[] counts = slice.scan(model, (key, e) -> {
            events[0]++;
            symbols.add(e.symbol());
            if (e.target() != null) {
                symbols.add(e.target());
                labelled[0] = true;
            }
            if (!RetrainTask.heldOut(key)) {
                events[1]++;
                trainingSymbols.merge(e.symbol(), 1L, Long::sum);
            }
            else if (events[2] < MAX_HELD_OUT_EVENTS) {
                events[2]++;
                heldOut.event(key, e);
            }
        }, progress);
        return new ArchiveCensus(symbols, trainingSymbols, labelled[0], events[0], events[1], counts[0], counts[1], heldOut.finish());
    }
}
