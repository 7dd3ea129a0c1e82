package dev.revoke.cli.emulation;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The printed record of a demo scene or a scenario run: one line per event,
 * stamped with the time since the scene started, naming who acted.
 *
 * <p>Actors print their own results the moment their calls return, from
 * their own threads, so the lines come out in the order things happened
 * (a woken reader may report before its revoker does). Every method is
 * synchronized so that lines never interleave.
 */
public final class Timeline {
    private static final String INDENT = " ".repeat(13);
    private final PrintWriter out;
    private volatile long origin = System.nanoTime();
    private volatile boolean quiet;

    public Timeline(PrintWriter out) {
        this.out = out;
    }

    /** Time zero is now: each scene's stamps start at +0. */
    public void restart() {
        origin = System.nanoTime();
    }

    /** Prints nothing from now on (results are still collected by callers). */
    public void quiet(boolean on) {
        quiet = on;
    }

    public long elapsedNanos() {
        return System.nanoTime() - origin;
    }

    /** {@code +12.345 ms  who              what}. */
    public synchronized void event(String who, String what) {
        if (quiet) {
            return;
        }
        out.printf(Locale.ROOT, "%11s  %-16s %s%n", "+" + millis(elapsedNanos()), who, what);
        out.flush();
    }

    /** Narration, indented under the events. */
    public synchronized void note(String text) {
        if (quiet) {
            return;
        }
        for (String line : text.split("\n", -1)) {
            out.println(INDENT + line);
        }
        out.flush();
    }

    /** A line of its own, not indented (headings, summaries). */
    public synchronized void line(String text) {
        if (quiet) {
            return;
        }
        out.println(text);
        out.flush();
    }

    /** {@code 0.412 ms}: milliseconds with three decimals. */
    public static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1e6);
    }
}
