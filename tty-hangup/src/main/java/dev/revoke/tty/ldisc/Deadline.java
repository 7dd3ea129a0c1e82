package dev.revoke.tty.ldisc;

/**
 * A point in {@link System#nanoTime()} time, or none. The blocking calls
 * juggle two: the caller's own timeout and the VTIME timer.
 */
record Deadline(long at, boolean unbounded) {
    static final Deadline NONE = new Deadline(0, true);

    /** A deadline {@code nanos} from now; negative means none. */
    static Deadline in(long nanos) {
        return nanos < 0 ? NONE : new Deadline(System.nanoTime() + nanos, false);
    }

    boolean passed() {
        return !unbounded && remaining() <= 0;
    }

    /** Nanoseconds left, never negative; -1 if unbounded. */
    long remaining() {
        return unbounded ? -1 : Math.max(0, at - System.nanoTime());
    }

    /** The nearer of two deadlines. */
    Deadline min(Deadline other) {
        if (unbounded) {
            return other;
        }
        if (other.unbounded) {
            return this;
        }
        return at - other.at <= 0 ? this : other;
    }
}
