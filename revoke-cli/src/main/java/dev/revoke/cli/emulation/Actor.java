package dev.revoke.cli.emulation;

import dev.revoke.kernel.Process;
import dev.revoke.panama.Sys;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A Java thread acting as one thread of an emulated process: it makes the
 * calls it is given, one at a time, and prints each result on the timeline
 * the moment it returns.
 *
 * <p>Why a thread of its own rather than the caller's: a call may sleep
 * (a read with no data), and the story goes on without it. {@link #start}
 * hands a call over and returns once the call has either finished or is
 * really asleep (several agreeing looks by {@link BlockDetector}), so the
 * next step of a scenario never races the sleeper into its sleep.
 * {@link #await} joins it later. A foreground {@link #call} that does not
 * return in time is reported as a hang, and stays joinable.
 */
public final class Actor implements AutoCloseable {
    /** Agreeing looks before a call counts as asleep, and the pause between them. */
    private static final int ASLEEP_LOOKS = 3;
    private static final long LOOK_PAUSE_NANOS = 200_000;

    private final String label;
    private final Process process;
    private final Timeline timeline;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile int tid;
    private volatile Pending current;
    private volatile Outcome last;
    private volatile boolean closed;
    private final CountDownLatch ready = new CountDownLatch(1);

    public Actor(String label, Process process, Timeline timeline) {
        this.label = label;
        this.process = process;
        this.timeline = timeline;
        this.thread = Thread.ofPlatform().daemon().name("actor " + label).start(this::loop);
    }

    /** {@code getty[2]}, or {@code getty[2]:reader} for a second thread of a process. */
    public static String labelFor(Process p, String threadName) {
        String main = p.name() + "[" + p.pid() + "]";
        return threadName == null || threadName.equals(p.name()) ? main : main + ":" + threadName;
    }

    public String label() {
        return label;
    }

    public Process process() {
        return process;
    }

    /** The last call's outcome, once it returned; null before. */
    public Outcome last() {
        return last;
    }

    /** A call handed over and not yet returned. */
    public boolean busy() {
        return current != null;
    }

    /** The text of the call in progress, or null. */
    public String busyWith() {
        Pending p = current;
        return p == null ? null : p.call.text();
    }

    /**
     * Makes {@code c} and waits for its result.
     *
     * @throws StillRunning if it has not returned within {@code timeout}; it
     *                      goes on in the background and {@link #await} can join it
     */
    public Outcome call(Call c, Duration timeout) throws StillRunning {
        Pending p = submit(c);
        synchronized (p) {
            if (!waitDone(p, timeout)) {
                p.asleepAt = System.nanoTime();
                timeline.event(label, c.text() + " ... still not returned after " + timeout.toMillis() + " ms");
                throw new StillRunning(label, c.text(), timeout);
            }
            return p.outcome;
        }
    }

    /**
     * Starts {@code c} in the background and returns once it has returned
     * or is asleep: true if it is asleep. A call that does neither within
     * {@code settle} (it keeps running) is left to run, and false is returned.
     */
    public boolean start(Call c, Duration settle) {
        Pending p = submit(c);
        long deadline = System.nanoTime() + settle.toNanos();
        int looks = 0;
        while (System.nanoTime() < deadline) {
            synchronized (p) {
                if (p.done) {
                    return false;
                }
                looks = p.started && BlockDetector.asleep(thread, tid) ? looks + 1 : 0;
                if (looks >= ASLEEP_LOOKS) {
                    p.asleepAt = System.nanoTime();
                    timeline.event(label, c.text() + " ... asleep");
                    return true;
                }
            }
            LockSupport.parkNanos(LOOK_PAUSE_NANOS);
        }
        return false;
    }

    /** Is the call in progress asleep right now? */
    public boolean asleep() {
        Pending p = current;
        return p != null && p.started && !p.done && BlockDetector.asleep(thread, tid);
    }

    /**
     * Waits for the call in progress (or returns the last outcome if none is).
     *
     * @throws StillRunning if it is still running after {@code timeout}
     */
    public Outcome await(Duration timeout) throws StillRunning {
        Pending p = current;
        if (p == null) {
            return last;
        }
        synchronized (p) {
            if (!waitDone(p, timeout)) {
                throw new StillRunning(label, p.call.text(), timeout);
            }
            return p.outcome;
        }
    }

    /** Waits until the thread runs and knows its kernel task id (the first native call is slow). */
    public void awaitReady() {
        try {
            ready.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Interrupts the thread: emulated sleeps end with EINTR (real system calls do not notice). */
    public void interrupt() {
        thread.interrupt();
    }

    /** Stops taking calls; a call still running is left to finish on its own (the thread is a daemon). */
    @Override
    public void close() {
        closed = true;
        queue.offer(Pending.POISON);
    }

    private Pending submit(Call c) {
        if (closed) {
            throw new IllegalStateException(label + " is closed");
        }
        if (current != null) {
            throw new IllegalStateException(label + " is still in " + current.call.text());
        }
        Pending p = new Pending(c);
        current = p;
        queue.add(p);
        return p;
    }

    private static boolean waitDone(Pending p, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!p.done) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(p, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return p.done;
            }
        }
        return true;
    }

    private void loop() {
        tid = Sys.gettid();
        ready.countDown();
        while (true) {
            Pending p;
            try {
                p = queue.take();
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (p == Pending.POISON) {
                return;
            }
            run(p);
        }
    }

    private void run(Pending p) {
        Thread.interrupted(); // an interrupt aimed at an earlier call must not hit this one
        long start = System.nanoTime();
        p.started = true;
        Outcome o;
        try {
            o = p.call.body().apply(process);
        } catch (RuntimeException | Error e) {
            o = Outcome.failed(e.toString());
        }
        long end = System.nanoTime();
        synchronized (p) {
            String text = p.call.text() + " " + o.render();
            if (p.asleepAt != 0) {
                text = "... " + text + "  [slept " + Timeline.millis(end - p.asleepAt) + "]";
            } else if (p.call.timed()) {
                text += "  [took " + Timeline.millis(end - start) + "]";
            }
            timeline.event(label, text);
            last = o;
            current = null;
            p.outcome = o;
            p.done = true;
            p.notifyAll();
        }
    }

    /** A call in flight. Its monitor orders "asleep" before the result line. */
    private static final class Pending {
        static final Pending POISON = new Pending(null);
        final Call call;
        volatile boolean started;
        boolean done;
        long asleepAt;
        Outcome outcome;

        Pending(Call call) {
            this.call = call;
        }
    }

    /** A call that has not returned in the time allowed. */
    public static final class StillRunning extends Exception {
        private static final long serialVersionUID = 1L;

        StillRunning(String who, String call, Duration after) {
            super(who + ": " + call + " has not returned after " + after.toMillis() + " ms");
        }
    }
}
