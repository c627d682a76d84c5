package io.elmanstream.retrain;

import io.elmanstream.model.Vocabulary;
import io.elmanstream.train.Progress;
import io.elmanstream.train.StreamedChunkFit;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The training keys' sequences of a slice of the archive, cut into chunks of up to {@code length}
 * steps as the archive is read: one open chunk per key (a key's consecutive chunks share their
 * boundary symbol, so no step is lost), a chunk closes when full, at a reset, at a symbol outside
 * the vocabulary, or at the end. Memory: one open chunk per key, never the archive.
 */
final class ArchiveChunks implements StreamedChunkFit.ChunkSource {
    private final ArchiveReader.Slice slice;
    private final String model;
    private final Vocabulary vocabulary;
    private final int length;

    ArchiveChunks(ArchiveReader.Slice slice, String model, Vocabulary vocabulary, int length) {
        this.slice = slice;
        this.model = model;
        this.vocabulary = vocabulary;
        this.length = length;
    }

    /** A key's open chunk: its symbols so far. */
    private static final class Open {
        final int[] symbols;
        int n;

        Open(int capacity) {
            symbols = new int[capacity];
        }
    }

    @Override
    public void chunks(Consumer<int[]> sink, Progress progress) {
        Map<String, Open> open = new HashMap<>();
        slice.scan(model, (key, e) -> {
            if (RetrainTask.heldOut(key)) return;
            Open o = open.computeIfAbsent(key, k -> new Open(length + 1));
            int s = vocabulary.indexOf(e.symbol());
            if (e.reset() || s < 0) flush(o, sink, false);
            if (s < 0) return;
            o.symbols[o.n++] = s;
            if (o.n == length + 1) flush(o, sink, true);
        }, progress);
        open.values().forEach(o -> flush(o, sink, false));
    }

    /** Emits the open chunk if it has a step; keeps its last symbol as the next chunk's first when the sequence goes on. */
    private static void flush(Open o, Consumer<int[]> sink, boolean continues) {
        if (o.n >= 2) sink.accept(Arrays.copyOf(o.symbols, o.n));
        if (continues && o.n > 0) {
            o.symbols[0] = o.symbols[o.n - 1];
            o.n = 1;
        } else {
            o.n = 0;
        }
    }

    @Override
    public String describe() {
        return "chunks of up to " + length + " steps of the training keys of " + model;
    }
}
