package io.elmanstream.cli;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

import java.lang.reflect.Field;

/** Checks every option of the command about to run against its {@link Range}, given or defaulted. */
final class RangeCheck {
    private RangeCheck() {
    }

    static void check(ParseResult parsed) {
        ParseResult last = parsed;
        while (last.hasSubcommand()) last = last.subcommand();
        CommandLine cmd = last.commandSpec().commandLine();
        for (OptionSpec o : last.commandSpec().options()) {
            if (!(o.userObject() instanceof Field f)) continue;
            Range r = f.getAnnotation(Range.class);
            Object v = o.getValue();
            if (r == null || !(v instanceof Number n)) continue;
            double x = n.doubleValue();
            boolean low = r.aboveMin() ? !(x > r.min()) : !(x >= r.min());
            boolean high = r.belowMax() ? !(x < r.max()) : x > r.max();
            if (low || high) {
                throw new ParameterException(cmd, o.longestName() + " must be " + describe(r) + ", got " + v);
            }
        }
    }

    private static String describe(Range r) {
        String min = r.min() == Double.NEGATIVE_INFINITY ? null : (r.aboveMin() ? "> " : ">= ") + number(r.min());
        String max = r.max() == Double.POSITIVE_INFINITY ? null : (r.belowMax() ? "< " : "<= ") + number(r.max());
        if (min != null && max != null) return min + " and " + max;
        return min != null ? min : max;
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
