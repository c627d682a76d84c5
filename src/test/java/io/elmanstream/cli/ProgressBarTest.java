package io.elmanstream.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressBarTest {
    private static final PrintStream NOWHERE = new PrintStream(PrintStream.nullOutputStream());

    @Test
    void aCountedBarShowsItsUnitTheRateAndTheTimeLeft() {
        ProgressBar bar = new ProgressBar(NOWHERE, "archive", "events");
        assertEquals("archive [###...........................] 10,000/100,000 events, 2,000 events/s, 0:45 left  producing",
                bar.line(10_000, 100_000, 5.0, "producing"));
        assertEquals("archive [##############################] 100,000/100,000 events, 20,000 events/s", bar.line(100_000, 100_000, 5.0, ""));
    }

    @Test
    void aBarWithoutAUnitShowsTheTimeLeft() {
        ProgressBar bar = new ProgressBar(NOWHERE, "training text");
        assertEquals("training text [###############...............] 150,000/300,000, 2:30 left  ms of the budget",
                bar.line(150_000, 300_000, 150.0, "ms of the budget"));
        assertEquals("x [..............................] 0/7", new ProgressBar(NOWHERE, "x").line(0, 7, 1.0, null));
        assertEquals("x [..............................] 1/3,701, 1:01:40 left", new ProgressBar(NOWHERE, "x").line(1, 3701, 1.0, null));
    }
}
