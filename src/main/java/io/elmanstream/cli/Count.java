package io.elmanstream.cli;

/** A count with its noun in the right number, for the command line's messages: "1 restart", "2 restarts". */
final class Count {
    private Count() {
    }

    static String of(long n, String singular) {
        return n + " " + (n == 1 ? singular : singular + "s");
    }
}
