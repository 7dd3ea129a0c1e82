package dev.revoke.mechanism;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Model checking of the counter protocol with Lincheck: every interleaving
 * (up to Lincheck's bounds) of users and revokers on one resource, on both
 * read sides. The operations report what a user could observe, and the
 * sequential specification is the obvious one: a use succeeds exactly when
 * no revoke came before it, and a completed revoke never sees a user inside.
 *
 * <p>The stress test cannot see a race whose window is a few instructions
 * wide (an entry that tests the dead flag before publishing its count, say);
 * the model checker can, because it switches threads at every shared access.
 * The tests sit on this top-level class, not a nested one, because Surefire
 * skips nested classes by default.
 */
class CounterProtocolLincheckTest {

    /** The state Lincheck drives: one resource, its read side, and who is inside. */
    public abstract static class Protocol {
        private final InUse inUse;
        private final Revokable resource;
        /** Users currently between a successful entry and their exit. */
        private final java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();

        Protocol(InUse.Kind kind) {
            this.resource = Revokable.create("lincheck", kind, null);
            this.inUse = resource.inUse();
        }

        /** Set once a revokeIt has returned: a method body that sees it ran too late. */
        private volatile boolean revokeReturned;

        /**
         * start_using, the method body, stop_using: 0 if refused, 1 if the
         * method ran, 2 if its body began after a revokeIt had returned. The
         * specification never answers 2, so such a run is reported even when
         * the use overlapped the revoke and could otherwise be ordered first.
         */
        @Operation
        public int use() {
            if (!inUse.tryEnter()) {
                return 0;
            }
            inside.incrementAndGet();
            int ran = revokeReturned ? 2 : 1;
            inside.decrementAndGet();
            inUse.exit();
            return ran;
        }

        /** The gate's form of {@link #use()}: enter hands back a token that the exit takes. */
        @Operation
        public int useWithToken() {
            Object token = inUse.enter();
            if (token == null) {
                return 0;
            }
            inside.incrementAndGet();
            int ran = revokeReturned ? 2 : 1;
            inside.decrementAndGet();
            inUse.exit(token);
            return ran;
        }

        /** A full revocation; returns how many users it found inside once it returned (must be 0). */
        @Operation
        public int revoke() {
            resource.revokeIt();
            revokeReturned = true;
            return inside.get();
        }

        @Operation
        public boolean killed() {
            return inUse.isKilled();
        }
    }

    /** Sequential specification. */
    public static final class Spec {
        private boolean revoked;

        @Operation
        public int use() {
            return revoked ? 0 : 1;
        }

        @Operation
        public int useWithToken() {
            return use();
        }

        @Operation
        public int revoke() {
            revoked = true;
            return 0;
        }

        @Operation
        public boolean killed() {
            return revoked;
        }
    }

    /**
     * Lincheck pays some 10-20 s once per JVM to instrument the classes, so the
     * default budget is small: enough to find an entry that tests the dead
     * flag before publishing its count. For a deep run:
     * {@code ./build test -pl revoke-core -am -Dtest=CounterProtocolLincheckTest -Dlincheck.iterations=12 -Dlincheck.invocations=1000}.
     */
    static final int ITERATIONS = Integer.getInteger("lincheck.iterations", 3);
    static final int INVOCATIONS = Integer.getInteger("lincheck.invocations", 100);

    static void check(Class<?> test) {
        new ModelCheckingOptions()
                .sequentialSpecification(Spec.class)
                .iterations(ITERATIONS)
                .invocationsPerIteration(INVOCATIONS)
                .threads(3)
                .actorsPerThread(2)
                .check(test);
    }

    public static final class Biased extends Protocol {
        public Biased() {
            super(InUse.Kind.BIASED);
        }
    }

    public static final class Striped extends Protocol {
        public Striped() {
            super(InUse.Kind.STRIPED);
        }
    }

    @Test
    void biasedCounterProtocolIsLinearizable() {
        check(Biased.class);
    }

    @Test
    void stripedCounterProtocolIsLinearizable() {
        check(Striped.class);
    }
}
