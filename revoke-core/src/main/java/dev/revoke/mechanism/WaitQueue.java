package dev.revoke.mechanism;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Where methods of a resource's files sleep: a blocking read waiting for
 * data, a writer waiting for room, a poller. A revocation wakes everything
 * on it, so a sleeper cannot keep a revoke waiting (bug B2 of the reverted
 * {@code revocable}).
 *
 * <p>Why the wake-up cannot be lost: the revoker marks the resource dying
 * before it takes this queue's lock to wake it, and a sleeper tests
 * {@link Revokable#isDying()} while holding that lock, immediately before
 * {@link Condition#await} releases it. Either the sleeper sees the mark, or
 * it is already waiting when the wake-up comes. The mark never clears.
 *
 * <p>Waiters that sleep elsewhere, such as {@code poll} on several files,
 * register an {@link Entry}; {@link #wakeAll()} calls each entry's wake.
 */
public final class WaitQueue {
    /** Why a sleep ended. */
    public enum Wake { READY, REVOKED, TIMED_OUT, INTERRUPTED }

    /** A sleeper that waits on several queues at once. */
    @FunctionalInterface
    public interface Entry {
        void wake();
    }

    private final Revokable owner;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Entry> entries = new ArrayList<>();

    WaitQueue(Revokable owner) {
        this.owner = owner;
    }

    /** A queue that no revocation marks: for files that are not revokable, such as pipes. */
    public static WaitQueue unowned() {
        return new WaitQueue(null);
    }

    /**
     * Sleeps until {@code ready} holds, the resource is revoked, the timeout
     * passes, or the thread is interrupted. {@code ready} runs under this
     * queue's lock, so producers that change what it reads and then call
     * {@link #wakeAll()} cannot slip between its test and the sleep.
     *
     * @param timeoutNanos how long to wait; negative waits without limit
     */
    public Wake await(BooleanSupplier ready, long timeoutNanos) {
        lock.lock();
        try {
            long remaining = timeoutNanos;
            while (true) {
                if (owner != null && owner.isDying()) {
                    return Wake.REVOKED;
                }
                if (ready.getAsBoolean()) {
                    return Wake.READY;
                }
                if (timeoutNanos >= 0 && remaining <= 0) {
                    return Wake.TIMED_OUT;
                }
                try {
                    if (timeoutNanos < 0) {
                        changed.await();
                    } else {
                        remaining = changed.awaitNanos(remaining);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Wake.INTERRUPTED;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #await(BooleanSupplier, long)} with a timeout in the given unit. */
    public Wake await(BooleanSupplier ready, long timeout, TimeUnit unit) {
        return await(ready, unit.toNanos(timeout));
    }

    /**
     * Wakes every sleeper and entry: data arrived, room appeared, or the
     * resource is going away. An entry that throws does not keep the ones
     * after it asleep; the first failure is rethrown once all have been woken.
     */
    public void wakeAll() {
        RuntimeException failure = null;
        lock.lock();
        try {
            changed.signalAll();
            for (Entry e : entries) {
                try {
                    e.wake();
                } catch (RuntimeException t) {
                    if (failure == null) {
                        failure = t;
                    } else {
                        failure.addSuppressed(t);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
        if (failure != null) {
            throw failure;
        }
    }

    public void add(Entry e) {
        lock.lock();
        try {
            entries.add(e);
        } finally {
            lock.unlock();
        }
    }

    public void remove(Entry e) {
        lock.lock();
        try {
            entries.remove(e);
        } finally {
            lock.unlock();
        }
    }
}
