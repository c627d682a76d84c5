package io.elmanstream.testsupport;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * The tests' waits for a condition (Awaitility), configured once: an uncaught exception on another
 * thread does not fail a wait, because the app replaces a stream thread that fails and some tests
 * make one fail on purpose (a refused output, a denied topic).
 */
public final class Waits {
    private Waits() {
    }

    public static ConditionFactory await() {
        return Awaitility.await().dontCatchUncaughtExceptions();
    }

    public static ConditionFactory await(String alias) {
        return Awaitility.await(alias).dontCatchUncaughtExceptions();
    }
}
