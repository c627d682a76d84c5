package io.elmanstream.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The alert rule step by step, on hand-made surprisals: one alert per excursion, none before the window is full, hysteresis on the way down. */
class SurpriseWindowTest {
    private static final AlertRule RULE = new AlertRule(4, 2.0, 0.5);

    /** The changes a run of surprisals (NaN: none) makes, with what was expected noted per step as the step's index + 100. */
    private static List<SurpriseWindow.Change> run(Objective objective, double... bits) {
        SurpriseWindow w = SurpriseWindow.EMPTY;
        List<SurpriseWindow.Change> changes = new ArrayList<>();
        for (int t = 0; t < bits.length; t++) {
            SurpriseWindow.Step s = w.next(RULE, objective, prediction(t, bits[t]), 100 + t);
            w = s.window();
            changes.add(s.change());
        }
        return changes;
    }

    private static Prediction prediction(long step, double bits) {
        return new Prediction(step, "a", "b", new String[0], new double[0], bits, Double.NaN);
    }

    @Test
    void anExcursionOpensOneAlertAndClearsOnceBelowTheHysteresis() {
        var c = run(Objective.NEXT_SYMBOL, Double.NaN, 1, 1, 1, 1, 5, 5, 5, 5, 5, 1.8, 1.8, 1.8, 1.8, 1, 1);
        // window means from step 4: 1, 2, 3, 4, 5, 5, 4.2, 3.4, 2.6, 1.8 (>= 1.5: still open), 1.6, 1.4 (clears)
        List<Integer> raised = new ArrayList<>();
        List<Integer> cleared = new ArrayList<>();
        for (int t = 0; t < c.size(); t++) {
            if (c.get(t) == SurpriseWindow.Change.RAISED) raised.add(t);
            if (c.get(t) == SurpriseWindow.Change.CLEARED) cleared.add(t);
        }
        assertEquals(List.of(6), raised, "raised once, when the mean first exceeds 2 (1,1,5,5 -> 3): " + c);
        assertEquals(List.of(15), cleared, "cleared once, when the mean falls below 1.5: " + c);
    }

    @Test
    void noAlertBeforeTheWindowIsFullAndNoneAtTheThresholdItself() {
        assertEquals(List.of(SurpriseWindow.Change.NONE, SurpriseWindow.Change.NONE, SurpriseWindow.Change.NONE), run(Objective.LABEL, 9, 9, 9));
        assertFalse(run(Objective.LABEL, 2, 2, 2, 2, 2).contains(SurpriseWindow.Change.RAISED), "a mean equal to the threshold is not above it");
    }

    @Test
    void theWindowKeepsTheLastStepsWithWhatWasExpected() {
        SurpriseWindow w = SurpriseWindow.EMPTY;
        double[] bits = {Double.NaN, 0.5, 3, 0.25, 1, 7};
        for (int t = 0; t < bits.length; t++) w = w.next(RULE, Objective.NEXT_SYMBOL, prediction(t, bits[t]), 100 + t).window();
        assertEquals(4, w.size());
        assertEquals(2, w.step(0));
        assertEquals(5, w.step(3));
        assertEquals(3f, w.bits(0));
        assertEquals(101, w.expected(0), "a next-symbol model's surprisal at step 2 is against what step 1 predicted");
        assertEquals(104, w.expected(3));
        assertEquals(105, w.expectNext());
        assertEquals(3, w.peak());
        assertEquals((3 + 0.25 + 1 + 7) / 4.0, w.meanBits(), 0);
        SurpriseWindow label = SurpriseWindow.EMPTY.next(RULE, Objective.LABEL, prediction(0, 1), 7).window();
        assertEquals(7, label.expected(0), "a label model's surprisal is against this step's own prediction");
    }

    @Test
    void aStepWithoutASurprisalChangesOnlyWhatIsExpectedNext() {
        SurpriseWindow w = SurpriseWindow.EMPTY.next(RULE, Objective.NEXT_SYMBOL, prediction(0, 1), 3).window();
        SurpriseWindow same = w.next(RULE, Objective.NEXT_SYMBOL, prediction(1, Double.NaN), 3).window();
        assertSame(w, same, "nothing changed, nothing made");
        SurpriseWindow moved = w.next(RULE, Objective.NEXT_SYMBOL, prediction(1, Double.NaN), 4).window();
        assertEquals(1, moved.size());
        assertEquals(4, moved.expectNext());
        assertSame(w, w.next(RULE, Objective.LABEL, prediction(1, Double.NaN), 9).window(), "a label event without a target");
        assertTrue(Double.isNaN(SurpriseWindow.EMPTY.meanBits()));
        assertEquals(new SurpriseWindow(w.slots().clone(), w.expectNext(), w.open()), w);
        assertEquals(new SurpriseWindow(w.slots().clone(), w.expectNext(), w.open()).hashCode(), w.hashCode());
    }

    @Test
    void everyWindowKeepsItsStepsWhileLaterOnesShareItsBufferAndAReplayBranchesOff() {
        SurpriseWindow w = SurpriseWindow.EMPTY;
        List<SurpriseWindow> made = new ArrayList<>();
        List<long[]> asMade = new ArrayList<>();
        for (int t = 0; t < 5 * SurpriseWindow.ROOM * RULE.window(); t++) {
            w = w.next(RULE, Objective.LABEL, prediction(t, t % 7), t).window();
            made.add(w);
            asMade.add(w.slots());
            if (t % 5 == 3) {
                // a replay: the same event again from the window before, as after an aborted transaction
                SurpriseWindow before = made.get(made.size() - 2);
                SurpriseWindow replayed = before.next(RULE, Objective.LABEL, prediction(t, 99), t).window();
                assertEquals(99f, replayed.bits(replayed.size() - 1));
            }
        }
        for (int i = 0; i < made.size(); i++) {
            assertArrayEquals(asMade.get(i), made.get(i).slots(), "window " + i + " changed after later steps");
            assertEquals(Math.min(i + 1, RULE.window()), made.get(i).size());
            assertEquals(i, made.get(i).step(made.get(i).size() - 1));
        }
    }

    @Test
    void badRulesAndWindowsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AlertRule(0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new AlertRule(AlertRule.MAX_WINDOW + 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new AlertRule(4, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new AlertRule(4, Double.POSITIVE_INFINITY, 0));
        assertThrows(IllegalArgumentException.class, () -> new AlertRule(4, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new AlertRule(4, 1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new SurpriseWindow(new long[3], 0, false));
        assertThrows(IllegalArgumentException.class, () -> new SurpriseWindow(new long[2 * AlertRule.MAX_WINDOW + 2], 0, false));
    }
}
