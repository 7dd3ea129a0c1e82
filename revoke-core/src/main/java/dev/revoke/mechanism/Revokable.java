package dev.revoke.mechanism;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One revocable thing: a procfs entry, a tty, a device. Viro's
 * {@code struct revokable}.
 *
 * <p>Protocol. Every method call on an attached file is bracketed by
 * {@link Revoke#startUsing()} and {@link Revoke#stopUsing()}, which enter and
 * leave the {@link InUse} count. {@link #revokeIt()} then runs in four steps:
 * <ol>
 * <li>mark the resource dying (sticky; sleepers test it under their wait
 *     lock) and stop new entries ({@link InUse#kill()});
 * <li>kick: wake the {@link WaitQueue} and run the optional {@link Kick}, so
 *     threads asleep inside methods return;
 * <li>wait for the threads already inside to leave;
 * <li>release every attached file exactly once ({@link Revoke} arbitrates
 *     with a racing close through its {@code closing} flag).
 * </ol>
 * After it returns no method of any attached file runs or will run, and
 * every release has completed. A second, concurrent {@code revokeIt} adds
 * no second bias; it waits for the first to finish and returns its report.
 *
 * <p>The lock guards the list of attached files, their {@code closing} and
 * {@code released} flags, and the state; it is never held across a release,
 * a kick or a drain, so a release may itself take other resources' locks.
 */
public final class Revokable {
    private static final int LIVE = 0;
    private static final int REVOKING = 1;
    private static final int REVOKED = 2;

    private final String name;
    private final InUse inUse;
    private final Kick kick;
    private final WaitQueue waitQueue = new WaitQueue(this);

    final ReentrantLock lock = new ReentrantLock();
    /** Signalled when a release finishes and when the revocation completes. */
    final Condition changed = lock.newCondition();
    /** Attached files, a doubly linked list through {@link Revoke}; under {@link #lock}. */
    Revoke head;
    int attached;

    private volatile int state = LIVE;
    private RevokeReport report;

    private Revokable(String name, InUse.Kind kind, Kick kick) {
        this.name = name;
        this.inUse = kind.create();
        this.kick = kick;
    }

    /** A resource with the default (biased) read side and no kick beyond its wait queue. */
    public static Revokable create(String name) {
        return new Revokable(name, InUse.Kind.BIASED, null);
    }

    public static Revokable create(String name, InUse.Kind kind, Kick kick) {
        return new Revokable(name, kind, kick);
    }

    InUse inUse() {
        return inUse;
    }

    /** Where methods of this resource's files sleep; a revocation wakes it. */
    public WaitQueue waitQueue() {
        return waitQueue;
    }

    /** True from the moment a revocation starts. Never goes back. */
    public boolean isDying() {
        return state != LIVE;
    }

    /** True once a revocation has completed. */
    public boolean isRevoked() {
        return state == REVOKED;
    }

    /** Files currently attached (opened and neither closed nor revoked). */
    public int attachedCount() {
        lock.lock();
        try {
            return attached;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code revoke_it}: revokes every attached file and returns when the
     * last of them is released.
     *
     * @throws SelfRevokeException if called from inside a method of a file
     *         of this resource, which would wait for itself
     */
    public RevokeReport revokeIt() {
        if (inUse.heldByCurrentThread()) {
            throw new SelfRevokeException(this);
        }
        if (!claimRevocation()) {
            return awaitRevocation();
        }
        long start = System.nanoTime();
        inUse.kill();
        List<Throwable> failures = new ArrayList<>();
        kickSleepers(failures);
        inUse.awaitDrained();
        long drained = System.nanoTime();
        int released = releaseAll(failures);
        return completeRevocation(new RevokeReport(released, failures, drained - start, System.nanoTime() - start));
    }

    /**
     * Revokes a set of resources at once, as a driver unbind does: one kick
     * and one drain for the whole set rather than one wait per resource.
     * Every resource is killed and kicked first, then the drains are awaited
     * (a sleeper on one cannot delay the stopping of another), then the
     * files are released. Resources another caller is already revoking are
     * awaited, not revoked twice.
     *
     * @return one report per resource, in the order given
     * @throws SelfRevokeException if the caller is inside a method of any of them
     */
    public static List<RevokeReport> revokeAll(List<Revokable> resources) {
        for (Revokable r : resources) {
            if (r.inUse.heldByCurrentThread()) {
                throw new SelfRevokeException(r);
            }
        }
        long start = System.nanoTime();
        boolean[] mine = new boolean[resources.size()];
        List<List<Throwable>> failures = new ArrayList<>(mine.length);
        for (int i = 0; i < mine.length; i++) {
            Revokable r = resources.get(i);
            failures.add(new ArrayList<>());
            if (mine[i] = r.claimRevocation()) {
                r.inUse.kill();
            }
        }
        for (int i = 0; i < mine.length; i++) {
            if (mine[i]) {
                resources.get(i).kickSleepers(failures.get(i));
            }
        }
        for (int i = 0; i < mine.length; i++) {
            if (mine[i]) {
                resources.get(i).inUse.awaitDrained();
            }
        }
        long drained = System.nanoTime();
        List<RevokeReport> reports = new ArrayList<>(mine.length);
        for (int i = 0; i < mine.length; i++) {
            Revokable r = resources.get(i);
            if (mine[i]) {
                int released = r.releaseAll(failures.get(i));
                reports.add(r.completeRevocation(
                        new RevokeReport(released, failures.get(i), drained - start, System.nanoTime() - start)));
            } else {
                reports.add(r.awaitRevocation());
            }
        }
        return reports;
    }

    /**
     * Revokes from another thread, for callers inside a method of an
     * affected file (Viro's point 2: "do it asynchronously").
     */
    public CompletableFuture<RevokeReport> revokeAsync() {
        CompletableFuture<RevokeReport> done = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("revoke-" + name).start(() -> {
            try {
                done.complete(revokeIt());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    private boolean claimRevocation() {
        lock.lock();
        try {
            if (state != LIVE) {
                return false;
            }
            state = REVOKING;
            return true;
        } finally {
            lock.unlock();
        }
    }

    private RevokeReport awaitRevocation() {
        lock.lock();
        try {
            while (state != REVOKED) {
                changed.awaitUninterruptibly();
            }
            return report;
        } finally {
            lock.unlock();
        }
    }

    private RevokeReport completeRevocation(RevokeReport r) {
        lock.lock();
        try {
            report = r;
            state = REVOKED;
            changed.signalAll();
            return r;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A kick that throws is a driver bug like a release that throws: it is
     * reported, not propagated, because a revocation abandoned after the kill
     * would leave the resource dead but never drained or released, and every
     * later revokeIt waiting for a completion that never comes.
     */
    private void kickSleepers(List<Throwable> failures) {
        try {
            waitQueue.wakeAll();
        } catch (Throwable t) {
            failures.add(t);
        }
        if (kick != null) {
            try {
                kick.kick(this);
            } catch (Throwable t) {
                failures.add(t);
            }
        }
    }

    /**
     * Releases every attached file. A file a racing close is already
     * releasing is waited for, not released again.
     */
    private int releaseAll(List<Throwable> failures) {
        int released = 0;
        lock.lock();
        try {
            Revoke r;
            while ((r = head) != null) {
                if (r.closing) {
                    changed.awaitUninterruptibly();
                    continue;
                }
                r.closing = true;
                Throwable failure;
                lock.unlock();
                try {
                    failure = r.runRelease();
                } finally {
                    lock.lock();
                }
                r.finishRelease(this, true);
                released++;
                if (failure != null) {
                    failures.add(failure);
                }
            }
        } finally {
            lock.unlock();
        }
        return released;
    }

    /** Links {@code r} at the head of the attached list; under {@link #lock}. */
    void attach(Revoke r) {
        r.next = head;
        if (head != null) {
            head.prev = r;
        }
        head = r;
        attached++;
    }

    /** Unlinks {@code r}; under {@link #lock}. */
    void detach(Revoke r) {
        if (r.prev != null) {
            r.prev.next = r.next;
        } else {
            head = r.next;
        }
        if (r.next != null) {
            r.next.prev = r.prev;
        }
        r.prev = r.next = null;
        attached--;
    }

    @Override
    public String toString() {
        return name;
    }
}
