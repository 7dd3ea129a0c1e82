package dev.revoke.device;

import static dev.revoke.panama.Errno.EINTR;

import dev.revoke.panama.Errno;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns readiness of real descriptors into wake-ups of emulated wait queues,
 * for the emulated {@code poll(2)}, which sleeps in Java and so cannot sleep
 * in the real one. One daemon thread per JVM blocks in {@code epoll_wait}
 * on an epoll set holding every real descriptor an emulated poller has asked
 * about; the JDK's own pollers for virtual threads work the same way.
 *
 * <p>Protocol (see {@link RealFile#poll}). A file's {@code poll} method first
 * puts the poller on the file's readiness queue, then asks the real
 * descriptor with a zero-timeout {@code poll(2)}, and if it is not ready arms
 * a one-shot, level-triggered interest ({@code EPOLLONESHOT}). Readiness that
 * arrives after the check fires the interest (level-triggered: arming a
 * descriptor that became ready in between fires at once), so no wake-up is
 * lost; the interest then disarms itself, so a descriptor that stays ready
 * and that nobody reads cannot make this thread spin. Each firing wakes the
 * queue; the poller polls again and re-arms if need be.
 *
 * <p>Why epoll and not {@code poll(2)} here: this thread never names a
 * descriptor. An epoll entry refers to the open file description, and events
 * carry a 64-bit token that is never reused, not the descriptor number. So
 * the fd-reuse race (REVOCATION.md section 5) does not reach this thread: a
 * file's release removes the entry ({@code EPOLL_CTL_DEL}) and then closes
 * the descriptor, and an event already collected for a released file finds
 * no token and is dropped. A {@code poll(2)}-based watcher would hold
 * descriptor numbers across its sleep, and every release would have to wait
 * for it to let go of them.
 *
 * <p>The epoll descriptor and the thread live as long as the JVM.
 */
final class ReadinessWatcher {
    private static final int BATCH = 64;
    private static volatile ReadinessWatcher shared;

    private final int epfd;
    private final Map<Long, RealFile> watched = new ConcurrentHashMap<>();

    private ReadinessWatcher(int epfd) {
        this.epfd = epfd;
        Thread.ofPlatform().daemon().name("realfd-readiness").start(this::run);
    }

    /** The JVM's watcher, started on first use. */
    static ReadinessWatcher shared() {
        ReadinessWatcher w = shared;
        if (w != null) {
            return w;
        }
        synchronized (ReadinessWatcher.class) {
            if (shared == null) {
                int fd = Epoll.create(Epoll.EPOLL_CLOEXEC);
                if (fd < 0) {
                    throw new IllegalStateException("epoll_create1: " + Errno.nameOf(-fd));
                }
                shared = new ReadinessWatcher(fd);
            }
            return shared;
        }
    }

    /**
     * Adds or re-arms {@code rf}'s descriptor for one event among
     * {@code events}; under {@code rf}'s lock, from inside one of its methods.
     */
    int arm(RealFile rf, int fd, int events, boolean first) {
        if (first) {
            watched.put(rf.id, rf);
            int r = Epoll.ctl(epfd, Epoll.EPOLL_CTL_ADD, fd, events | Epoll.EPOLLONESHOT, rf.id);
            if (r < 0) {
                watched.remove(rf.id);
            }
            return r;
        }
        return Epoll.ctl(epfd, Epoll.EPOLL_CTL_MOD, fd, events | Epoll.EPOLLONESHOT, rf.id);
    }

    /** Removes {@code rf}'s descriptor; under its lock, in its release, before the close. */
    void forget(RealFile rf, int fd) {
        watched.remove(rf.id);
        Epoll.ctl(epfd, Epoll.EPOLL_CTL_DEL, fd, 0, rf.id);
    }

    private void run() {
        MemorySegment events = Arena.global().allocate(Epoll.EVENT_BYTES * BATCH, 8);
        while (true) {
            int n = Epoll.await(epfd, events, BATCH, -1);
            if (n == EINTR.negative()) {
                continue;
            }
            if (n < 0) {
                throw new IllegalStateException("epoll_wait: " + Errno.nameOf(-n));
            }
            for (int i = 0; i < n; i++) {
                RealFile rf = watched.get(Epoll.data(events, i));
                if (rf != null) {
                    try {
                        rf.fired();
                    } catch (Throwable t) {
                        Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), t);
                    }
                }
            }
        }
    }
}
