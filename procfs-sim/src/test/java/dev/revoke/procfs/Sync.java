package dev.revoke.procfs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/** Latches, joins and a two-thread racer, every wait bounded so that a hang fails the test. */
final class Sync {
    static final long TIMEOUT_SECONDS = 10;

    static void await(CountDownLatch l) {
        try {
            assertTrue(l.await(TIMEOUT_SECONDS, TimeUnit.SECONDS), "latch not reached in " + TIMEOUT_SECONDS + " s: something hangs");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until {@code t} is parked or waiting: really asleep, not merely slow. */
    static void awaitBlocked(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            Thread.State s = t.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                return;
            }
            assertTrue(s != Thread.State.TERMINATED, t.getName() + " finished instead of blocking");
            assertTrue(System.nanoTime() < deadline, t.getName() + " never blocked: " + s);
            Thread.onSpinWait();
        }
    }

    static void join(Thread t) {
        try {
            t.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertTrue(!t.isAlive(), t.getName() + " did not finish in " + TIMEOUT_SECONDS + " s: it hangs");
    }

    /** Starts a thread whose failure (an assertion, say) is rethrown by {@link Started#join()}. */
    static Started start(String name, Runnable body) {
        return new Started(name, body);
    }

    static final class Started {
        final Thread thread;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        Started(String name, Runnable body) {
            thread = new Thread(() -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    failure.set(t);
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        void join() {
            Sync.join(thread);
            Throwable t = failure.get();
            if (t != null) {
                throw new AssertionError(thread.getName() + " failed", t);
            }
        }
    }

    /**
     * Two long-lived threads that run one pair of actions per round, released
     * together by a barrier so that they really race: cheap enough for
     * thousands of rounds.
     */
    static final class Racer implements AutoCloseable {
        private final CyclicBarrier start = new CyclicBarrier(3);
        private final CyclicBarrier end = new CyclicBarrier(3);
        private volatile Runnable a;
        private volatile Runnable b;
        private volatile boolean stop;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread ta;
        private final Thread tb;

        Racer() {
            ta = worker("racer-a", true);
            tb = worker("racer-b", false);
        }

        private Thread worker(String name, boolean first) {
            Thread t = new Thread(() -> {
                while (true) {
                    try {
                        start.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                        return;
                    }
                    if (stop) {
                        return;
                    }
                    try {
                        (first ? a : b).run();
                    } catch (Throwable t2) {
                        failure.compareAndSet(null, t2);
                    }
                    try {
                        end.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                        return;
                    }
                }
            }, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        /** Runs {@code a} and {@code b} at once, on the two threads, and returns when both are done. */
        void race(Runnable a, Runnable b) {
            this.a = a;
            this.b = b;
            try {
                start.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                end.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                fail("a racer hung: " + e, e);
            }
            Throwable t = failure.get();
            if (t != null) {
                throw new AssertionError("a racer failed", t);
            }
        }

        @Override
        public void close() {
            stop = true;
            try {
                start.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                // a worker already gone; nothing left to stop
            }
            Sync.join(ta);
            Sync.join(tb);
        }
    }

    private Sync() {}
}
