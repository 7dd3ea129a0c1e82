package dev.revoke.bench;

import dev.revoke.mechanism.InUse;
import dev.revoke.mechanism.ResourceGoneException;
import dev.revoke.mechanism.Revokable;

import java.util.List;

/**
 * Warms the revocation paths up before single-shot measurements.
 *
 * <p>A single-shot benchmark runs its method a few dozen times per fork,
 * far below the JIT's compile thresholds, so without this it would time the
 * interpreter (a one-file revocation then takes tens of microseconds,
 * nearly all of it interpretation). A server that revokes has usually
 * revoked before, or runs the same lock, list and wake-up code elsewhere;
 * so each fork first performs many small revocations of the same shape,
 * idle ones (which reach the C2 thresholds) and a few hundred with sleepers
 * (which exercise the wake-up and drain branches), and the shots then time
 * compiled code. Not timed: this runs in the trial-level setup.
 */
final class JitWarmup {
    private static final int IDLE_ROUNDS = 20_000;
    private static final int SLEEPER_ROUNDS = 300;

    private JitWarmup() {
    }

    /**
     * A full GC before a shot, so that the previous shot's garbage is not
     * collected during this one. A full GC also resets the compiled code's
     * inline caches, and the first calls after it take the slow call path
     * (measured: a one-file revocation right after the GC took 10 µs instead
     * of 3 µs), which is an artefact of this setup and not of revocation; so
     * one small throwaway revocation of the same kind follows it, before the
     * shot's resource is built. {@code -Dbench.noGc=true} skips both.
     */
    static void settleHeap(InUse.Kind kind) {
        if (Boolean.getBoolean("bench.noGc")) {
            return;
        }
        System.gc();
        try {
            Revokable r = Revokable.create("after-gc", kind, null);
            Sleepers.open(r);
            Revokable.revokeAll(List.of(r));
            r = Revokable.create("after-gc", kind, null);
            Sleepers.open(r);
            r.revokeIt();
        } catch (ResourceGoneException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code revokeIt} on small resources, idle and with one and two sleepers. */
    static void revokeIt(InUse.Kind kind) throws ResourceGoneException, InterruptedException {
        for (int i = 0; i < IDLE_ROUNDS; i++) {
            Revokable r = Revokable.create("warm", kind, null);
            for (int f = 0; f < 4; f++) {
                Sleepers.open(r);
            }
            r.revokeIt();
        }
        Sleepers s = new Sleepers();
        for (int i = 0; i < SLEEPER_ROUNDS; i++) {
            Revokable r = Revokable.create("warm", kind, null);
            s.start(r, 1 + i % 2);
            s.awaitAsleep();
            r.revokeIt();
            s.join();
        }
    }

    /** {@code revokeAll} on pairs of small resources, idle and with a sleeper each. */
    static void revokeAll(InUse.Kind kind) throws ResourceGoneException, InterruptedException {
        for (int i = 0; i < IDLE_ROUNDS / 2; i++) {
            Revokable a = Revokable.create("warm-a", kind, null);
            Revokable b = Revokable.create("warm-b", kind, null);
            for (int f = 0; f < 3; f++) {
                Sleepers.open(a);
                Sleepers.open(b);
            }
            Revokable.revokeAll(List.of(a, b));
        }
        Sleepers s = new Sleepers();
        for (int i = 0; i < SLEEPER_ROUNDS; i++) {
            Revokable a = Revokable.create("warm-a", kind, null);
            Revokable b = Revokable.create("warm-b", kind, null);
            s.start(a, 1);
            s.start(b, 1);
            s.awaitAsleep();
            Revokable.revokeAll(List.of(a, b));
            s.join();
        }
    }
}
