package dev.revoke.device;

import static dev.revoke.panama.Errno.EINTR;

import dev.revoke.mechanism.Revokable;
import dev.revoke.mechanism.Revoke;
import dev.revoke.mechanism.WaitQueue;
import dev.revoke.panama.NativeFd;
import dev.revoke.panama.PollSet;
import dev.revoke.panama.Sys;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.OpenFile;
import dev.revoke.vfs.PollTable;

import java.lang.foreign.Arena;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The driver's half of one emulated open file: the real descriptor it
 * stands for, and the wake-up eventfd that a revocation's kick writes.
 *
 * <p>Lifetime rule (the fd-reuse race, REVOCATION.md section 5). Both
 * descriptors are closed in {@link #release()} and nowhere else, and the
 * mechanism calls release exactly once, either after the drain (no thread
 * is inside a method of the file any more) or on the last close (no system
 * call holds the file). So no thread can be inside {@code read(2)},
 * {@code poll(2)} or {@code ioctl(2)} on either number when it is closed,
 * and a number cannot be reused under a sleeper. Two parties touch a
 * descriptor from outside the methods, and each is fenced by this object's
 * lock: the kick, which writes the eventfd and may race a last close (it
 * checks {@code released} under the lock, so it never writes into a closed,
 * perhaps reused, number: pty4j #181); and the {@link ReadinessWatcher},
 * which never uses the numbers at all and whose epoll entry is removed
 * under the lock before the close.
 *
 * <p>The eventfd is sticky: the kick adds 1 and nobody ever reads it, so
 * once the generation is dying every later {@code poll(2)} on it returns at
 * once. A sleeper therefore needs no re-check after arming: whether it
 * enters {@code poll(2)} before or after the kick, it returns.
 */
final class RealFile {
    /** {@link #await} result: the kick's eventfd fired, the file is being revoked. */
    static final int KICKED = Integer.MIN_VALUE;

    /** Readiness epoll can report; ERR and HUP are always reported. */
    private static final int EPOLL_EVENTS = Abi.POLLIN | Abi.POLLPRI | Abi.POLLOUT | Abi.POLLRDNORM
            | Abi.POLLRDBAND | Abi.POLLWRNORM | 0x200 /* POLLWRBAND */;

    /** Two pollfds per thread, reused: the real descriptor and the wake-up eventfd. */
    private static final ThreadLocal<PollSet> POLL_SET = ThreadLocal.withInitial(() -> new PollSet(Arena.ofAuto(), 2));

    final long id;
    final OpenFile file;
    private final NativeFd real;
    private final NativeFd wake;
    /** Where emulated pollers of this file wait for the real descriptor's readiness. */
    final WaitQueue readiness = WaitQueue.unowned();

    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private boolean released;
    /** The descriptor is in the watcher's epoll set. */
    private boolean watched;
    /** A one-shot interest is armed and has not been seen to fire. */
    private boolean armed;
    /** What it is armed for. */
    private int armedEvents;
    private ReadinessWatcher watcher;

    RealFile(long id, OpenFile file, NativeFd real, NativeFd wake) {
        this.id = id;
        this.file = file;
        this.real = real;
        this.wake = wake;
    }

    /** The real descriptor; only from inside a method of the file, where it cannot be closed. */
    int fd() {
        return real.raw();
    }

    int wakeFd() {
        return wake.raw();
    }

    /** The generation the file is attached to; non-null inside a method. */
    Revokable generation() {
        Revoke r = file.revoke();
        return r == null ? null : r.resource();
    }

    /**
     * Sleeps in {@code poll(2)} until the real descriptor reports one of
     * {@code events} (or ERR/HUP/NVAL) or the kick fires.
     *
     * @return the real descriptor's revents, {@link #KICKED}, or -errno
     */
    int await(int events) {
        PollSet set = POLL_SET.get();
        set.set(0, real.raw(), events);
        set.set(1, wake.raw(), Abi.POLLIN);
        while (true) {
            int r = Sys.poll(set, -1);
            if (r == EINTR.negative()) {
                continue;
            }
            if (r < 0) {
                return r;
            }
            if (set.revents(1) != 0) {
                return KICKED;
            }
            return set.revents(0);
        }
    }

    /**
     * The emulated {@code poll} method: current readiness, and a promise of
     * a wake-up on the poller's queues when it changes. The order matters:
     * queue first, then the check, then the arm (see {@link ReadinessWatcher}).
     */
    int poll(int events, PollTable table, ReadinessWatcher watcher) {
        if (table != null) {
            table.waitOn(generation().waitQueue());
            table.waitOn(readiness);
        }
        int fd = real.raw();
        int now = Sys.poll(fd, events, 0);
        if (now < 0) {
            return Abi.POLLERR;
        }
        if ((now & events) != 0 || (now & (Abi.POLLERR | Abi.POLLHUP | Abi.POLLNVAL)) != 0) {
            return now;
        }
        // Not ready. Arm even without a table: on the second and later
        // passes poll(2) gives none, but the poller is still on our queue
        // from the first pass and needs the next change. A zero-timeout poll
        // leaves at most one armed interest behind, which fires once.
        // An interest in nothing still reports ERR and HUP.
        int want = events & EPOLL_EVENTS;
        lock.lock();
        try {
            if (armed && (armedEvents & want) == want) {
                return now;
            }
            int all = armed ? armedEvents | want : want;
            int r = watcher.arm(this, fd, all, !watched);
            if (r < 0) {
                // Descriptors epoll refuses (regular files) are always ready.
                return events & Abi.DEFAULT_POLLMASK;
            }
            this.watcher = watcher;
            watched = true;
            armed = true;
            armedEvents = all;
        } finally {
            lock.unlock();
        }
        return now;
    }

    /** The watcher saw the one-shot interest fire: it is disarmed; wake the pollers. */
    void fired() {
        lock.lock();
        try {
            armed = false;
            armedEvents = 0;
        } finally {
            lock.unlock();
        }
        readiness.wakeAll();
    }

    /** The revocation's kick: wakes threads asleep in {@link #await}, unless the file is already released. */
    void kick() {
        lock.lock();
        try {
            if (!released) {
                Sys.eventfdWrite(wake.raw(), 1);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Closes both descriptors. Called once, from the file's release, when no
     * thread is inside a method; the lock fences off a concurrent kick.
     */
    void release() {
        int fd = real.raw();
        lock.lock();
        try {
            released = true;
            if (watched) {
                watcher.forget(this, fd);
                watched = false;
            }
        } finally {
            lock.unlock();
        }
        try {
            wake.close();
        } finally {
            real.close();
        }
    }

    /** Closes both descriptors of a file whose open failed before it was attached. */
    void discard() {
        lock.lock();
        try {
            released = true;
        } finally {
            lock.unlock();
        }
        try {
            wake.close();
        } finally {
            real.close();
        }
    }
}
