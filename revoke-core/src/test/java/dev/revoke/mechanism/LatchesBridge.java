package dev.revoke.mechanism;

/** Lets tests in other packages use the mechanism tests' waiting helpers. */
public final class LatchesBridge {
    public static void awaitBlocked(Thread t) {
        Latches.awaitBlocked(t);
    }

    public static void join(Thread t) {
        Latches.join(t);
    }

    private LatchesBridge() {}
}
