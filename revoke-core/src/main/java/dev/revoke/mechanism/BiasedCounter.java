package dev.revoke.mechanism;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CountDownLatch;

/**
 * Viro's in-use counter: one int, biased negative when the resource goes
 * away (Linux {@code use_pde}/{@code unuse_pde}).
 *
 * <p>Implementation notes. Entry is one {@code getAndAdd(+1)} followed by a
 * sign check, not an increment-unless-negative CAS loop: under contention a
 * failed CAS costs a second cache-line transfer, a fetch-and-add never does
 * (Linux {@code rcuref}). An entrant that finds the count negative has
 * already incremented it, so it leaves through the same decrement as a
 * normal exit; the count therefore only touches {@link #BIAS} when the last
 * thread (real or failed entrant) leaves a killed counter, and whoever takes
 * it there completes the drain. {@link #kill} adds the bias exactly once per
 * counter ({@link Revokable} guarantees a single caller), so the count cannot
 * wrap back to non-negative as it would with two biases.
 *
 * <p>The drain completion is published before the bias is added; the
 * thread that brings the count to {@code BIAS} read a value written after
 * that add, so it sees the completion.
 *
 * <p>A thread-confined {@link UsingStack} records which counters the current
 * thread is inside, so that a revoke from inside a method can be refused
 * instead of waiting for itself.
 */
public final class BiasedCounter implements InUse {
    /** The bias: {@code -1U << 31}, as procfs. */
    static final int BIAS = Integer.MIN_VALUE;

    private static final VarHandle IN_USE;
    static {
        try {
            IN_USE = MethodHandles.lookup().findVarHandle(BiasedCounter.class, "inUse", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through IN_USE
    private volatile int inUse;
    private volatile CountDownLatch drained;

    BiasedCounter() {}

    @Override
    public boolean tryEnter() {
        return enter() != null;
    }

    @Override
    public void exit() {
        UsingStack.pop(this);
        leave();
    }

    @Override
    public Object enter() {
        if ((int) IN_USE.getAndAdd(this, 1) >= 0) {
            UsingStack s = UsingStack.current();
            s.pushOn(this);
            return s;
        }
        leave();
        return null;
    }

    @Override
    public void exit(Object token) {
        ((UsingStack) token).popOff(this);
        leave();
    }

    private void leave() {
        if ((int) IN_USE.getAndAdd(this, -1) == BIAS + 1) {
            drained.countDown();
        }
    }

    @Override
    public void kill() {
        CountDownLatch latch = new CountDownLatch(1);
        drained = latch;
        if ((int) IN_USE.getAndAdd(this, BIAS) == 0) {
            latch.countDown();
        }
    }

    @Override
    public boolean isKilled() {
        return (int) IN_USE.getVolatile(this) < 0;
    }

    @Override
    public void awaitDrained() {
        Interrupts.awaitUninterruptibly(drained);
    }

    @Override
    public boolean heldByCurrentThread() {
        return UsingStack.contains(this);
    }

    /** The raw count, for tests and diagnostics. */
    int count() {
        return (int) IN_USE.getVolatile(this);
    }
}
