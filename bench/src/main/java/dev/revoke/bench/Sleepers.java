package dev.revoke.bench;

import dev.revoke.mechanism.Releasable;
import dev.revoke.mechanism.ResourceGoneException;
import dev.revoke.mechanism.Revokable;
import dev.revoke.mechanism.Revoke;
import dev.revoke.mechanism.WaitQueue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads asleep inside a file method of a resource, the way a blocking
 * read with no input sleeps: {@code startUsing}, then
 * {@link WaitQueue#await} on the resource's queue for a condition that never
 * comes, then {@code stopUsing}. Only the revocation's kick ends the sleep,
 * and the revoker's drain waits for every one of them to leave the method.
 *
 * <p>{@link #awaitAsleep()} returns once every sleeper has tested its
 * condition (under the queue's lock) and is parked: a thread that has run
 * the test and is WAITING can only be inside {@code Condition.await}, since
 * nothing signals the queue before the revocation. So the revoke that
 * follows measures a real wake-up of parked threads, not a race with
 * threads still on their way to sleep.
 */
final class Sleepers {
    /** An open file that does nothing on release. */
    static final class IdleFile implements Releasable {
        Revoke revoke;

        @Override
        public void release() {
        }
    }

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger asleep = new AtomicInteger();
    private final AtomicInteger woken = new AtomicInteger();

    /** Opens one file of {@code r} per sleeper and starts {@code n} threads sleeping in its method. */
    void start(Revokable r, int n) throws ResourceGoneException {
        for (int i = 0; i < n; i++) {
            IdleFile f = open(r);
            Thread t = Thread.ofPlatform().daemon().name("sleeper-" + r + "-" + i).unstarted(() -> sleepIn(r, f));
            threads.add(t);
        }
        for (int i = threads.size() - n; i < threads.size(); i++) {
            threads.get(i).start();
        }
    }

    private void sleepIn(Revokable r, IdleFile f) {
        if (!f.revoke.startUsing()) {
            throw new IllegalStateException("resource revoked before the sleeper entered");
        }
        try {
            boolean[] counted = {false};
            WaitQueue.Wake w = r.waitQueue().await(() -> {
                if (!counted[0]) {
                    counted[0] = true;
                    asleep.incrementAndGet();
                }
                return false;
            }, -1);
            if (w == WaitQueue.Wake.REVOKED) {
                woken.incrementAndGet();
            }
        } finally {
            f.revoke.stopUsing();
        }
    }

    static IdleFile open(Revokable r) throws ResourceGoneException {
        IdleFile f = new IdleFile();
        f.revoke = Revoke.makeRevokable(f, r);
        return f;
    }

    /** Waits until every started sleeper is parked inside its method. */
    void awaitAsleep() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (asleep.get() == threads.size() && allWaiting()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(asleep.get() + " of " + threads.size() + " sleepers asleep after 30 s");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    private boolean allWaiting() {
        for (Thread t : threads) {
            if (t.getState() != Thread.State.WAITING) {
                return false;
            }
        }
        return true;
    }

    /** Joins every sleeper; after a revocation all have returned. Fails loudly if one did not wake. */
    void join() throws InterruptedException {
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " still asleep 30 s after the revocation");
            }
        }
        if (woken.get() != threads.size()) {
            throw new IllegalStateException(woken.get() + " of " + threads.size() + " sleepers saw the revocation");
        }
        threads.clear();
        asleep.set(0);
        woken.set(0);
    }
}
