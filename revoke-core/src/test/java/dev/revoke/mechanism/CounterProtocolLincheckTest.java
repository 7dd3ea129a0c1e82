package dev.revoke.mechanism;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Model checking of the counter protocol with Lincheck: every interleaving
 * (up to Lincheck's bounds) of users and revokers on one resource, on both
 * read sides. The operations report what a user could observe, and the
 * sequential specification is the obvious one: a use succeeds exactly when
 * no revoke came before it, and a completed revoke never sees a user inside.
 */
public abstract class CounterProtocolLincheckTest {

    private final InUse inUse;
    private final Revokable resource;
    /** Users currently between a successful entry and their exit. */
    private final java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();

    CounterProtocolLincheckTest(InUse.Kind kind) {
        this.resource = Revokable.create("lincheck", kind, null);
        this.inUse = resource.inUse();
    }

    /** start_using, the method body, stop_using. True if the method ran. */
    @Operation
    public boolean use() {
        if (!inUse.tryEnter()) {
            return false;
        }
        inside.incrementAndGet();
        inside.decrementAndGet();
        inUse.exit();
        return true;
    }

    /** A full revocation; returns how many users it found inside once it returned (must be 0). */
    @Operation
    public int revoke() {
        resource.revokeIt();
        return inside.get();
    }

    @Operation
    public boolean killed() {
        return inUse.isKilled();
    }

    /** Sequential specification. */
    public static final class Spec {
        private boolean revoked;

        @Operation
        public boolean use() {
            return !revoked;
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

    static void check(Class<?> test) {
        new ModelCheckingOptions()
                .sequentialSpecification(Spec.class)
                .iterations(12)
                .invocationsPerIteration(1_000)
                .threads(3)
                .actorsPerThread(2)
                .check(test);
    }

    public static final class Biased extends CounterProtocolLincheckTest {
        public Biased() {
            super(InUse.Kind.BIASED);
        }
    }

    public static final class Striped extends CounterProtocolLincheckTest {
        public Striped() {
            super(InUse.Kind.STRIPED);
        }
    }

    static class Run {
        @Test
        void biasedCounterProtocolIsLinearizable() {
            check(Biased.class);
        }

        @Test
        void stripedCounterProtocolIsLinearizable() {
            check(Striped.class);
        }
    }
}
