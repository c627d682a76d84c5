package io.elmanstream.train;

import io.elmanstream.model.Activation;
import io.elmanstream.model.InputEncoding;
import io.elmanstream.model.NetShape;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The size a budget affords: the largest net that sees its characters per weight in the time, never more weights than the text. */
class SizeForBudgetTest {
    private static final int[] PROBES = {64, 256, 512};
    /** A machine where a character costs 1 us + 2e-11 s x H^2. */
    private static final double[] COST = {1e-6 + 2e-11 * 64 * 64, 1e-6 + 2e-11 * 256 * 256, 1e-6 + 2e-11 * 512 * 512};

    private static long weights(int hidden) {
        return new NetShape(65, hidden, 65, InputEncoding.ONE_HOT, Activation.TANH, Activation.SOFTMAX).paramCount();
    }

    private static double seen(int hidden, Duration budget) {
        return budget.toMillis() / 1000.0 * 0.9 / (1e-6 + 2e-11 * hidden * hidden);
    }

    @Test
    void theQuadraticGoesThroughItsThreePoints() {
        assertArrayEquals(new double[]{3, -2, 0.5}, SizeForBudget.fitQuadratic(new int[]{1, 2, 4}, new double[]{1.5, 1, 3}), 1e-12);
    }

    @Test
    void theLargestNetThatSeesEnoughCharactersAndNoLarger() {
        for (Duration budget : new Duration[]{Duration.ofSeconds(30), Duration.ofSeconds(150)}) {
            SizeForBudget s = SizeForBudget.choose(65, 1_000_000_000L, budget, PROBES, COST);
            assertTrue(s.hidden() < SizeForBudget.MAX_HIDDEN, s.toString());
            assertTrue(seen(s.hidden(), budget) >= SizeForBudget.CHARACTERS_PER_WEIGHT * weights(s.hidden()), budget + ": " + s);
            assertTrue(seen(s.hidden() + 16, budget) < SizeForBudget.CHARACTERS_PER_WEIGHT * weights(s.hidden() + 16), budget + ": the next size up would see too few: " + s);
            assertEquals(1 / (1e-6 + 2e-11 * s.hidden() * s.hidden()), s.charactersPerSecond(), 1e-6 * s.charactersPerSecond());
            assertTrue(s.reason().startsWith(s.hidden() + " hidden units"), s.reason());
        }
        assertTrue(SizeForBudget.choose(65, 1_000_000_000L, Duration.ofSeconds(150), PROBES, COST).hidden()
                > SizeForBudget.choose(65, 1_000_000_000L, Duration.ofSeconds(30), PROBES, COST).hidden(), "more time, a larger net");
        // ten minutes would afford more, but no larger net than trains well at the default step
        SizeForBudget capped = SizeForBudget.choose(65, 1_000_000_000L, Duration.ofMinutes(10), PROBES, COST);
        assertTrue(seen(SizeForBudget.MAX_HIDDEN + 16, Duration.ofMinutes(10)) >= SizeForBudget.CHARACTERS_PER_WEIGHT * weights(SizeForBudget.MAX_HIDDEN + 16));
        assertEquals(SizeForBudget.MAX_HIDDEN, capped.hidden(), capped.toString());
        assertTrue(capped.reason().endsWith("and no more than 384 units, the largest measured to train well at the default step"), capped.reason());
    }

    @Test
    void aShortTextCapsTheWeightsAndTheSmallestNetIsTheFloor() {
        SizeForBudget s = SizeForBudget.choose(65, 20_000, Duration.ofMinutes(10), PROBES, COST);
        assertTrue(weights(s.hidden()) <= 20_000 && weights(s.hidden() + 16) > 20_000, s.toString());
        assertTrue(s.reason().contains("no more weights than the 20,000 training characters"), s.reason());
        assertEquals(SizeForBudget.MIN_HIDDEN, SizeForBudget.choose(65, 1_000_000L, Duration.ofMillis(10), PROBES, COST).hidden());
    }

    @Test
    void measuredOnThisMachineTheChoiceMeetsItsOwnRule() {
        SizeForBudget s = SizeForBudget.pick(65, 1_003_855, Duration.ofSeconds(150), Arithmetic.FLOAT32);
        assertTrue(s.hidden() >= SizeForBudget.MIN_HIDDEN && s.hidden() <= SizeForBudget.MAX_HIDDEN && s.hidden() % 16 == 0, s.toString());
        assertTrue(s.charactersPerSecond() > 0, s.toString());
        assertTrue(s.charactersPerSecond() * 135 >= SizeForBudget.CHARACTERS_PER_WEIGHT * weights(s.hidden()) || s.hidden() == SizeForBudget.MIN_HIDDEN,
                "sees its characters per weight at the rate it measured: " + s);
        assertTrue(s.reason().matches(s.hidden() + " hidden units \\([\\d,]+ weights\\): at the measured [\\d,]+ characters/s, 150 s sees [\\d,]+ characters, at least 200 per weight"
                + "(, and no more than 384 units, the largest measured to train well at the default step)?"),
                s.reason());
    }
}
