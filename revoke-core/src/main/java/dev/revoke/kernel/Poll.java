package dev.revoke.kernel;

import static dev.revoke.panama.Errno.EINTR;
import static dev.revoke.panama.Errno.EINVAL;

import dev.revoke.mechanism.WaitQueue;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.Gate;
import dev.revoke.vfs.OpenFile;
import dev.revoke.vfs.PollTable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code poll(2)}, shaped like Linux's {@code do_poll}: the first pass asks
 * every file for its readiness and lets it put the poller on its wait
 * queues; if nothing is ready the poller parks until any queue wakes it (a
 * revocation's kick among them) or the timeout passes, then asks again.
 *
 * <p>The woken flag is cleared before each pass and set by every wake-up,
 * so a wake-up that lands between a pass and the park is not lost: the park
 * returns at once. Revoked files answer through their revoked poll, which
 * reports them ready, so a revocation always ends the wait.
 */
final class Poll {
    private static final int ALWAYS_REPORTED = Abi.POLLERR | Abi.POLLHUP | Abi.POLLNVAL;

    /** The sleeping poller, registered on every queue a file offered. */
    private static final class Poller implements WaitQueue.Entry, PollTable {
        private final Thread thread = Thread.currentThread();
        private final List<WaitQueue> queues = new ArrayList<>();
        private volatile boolean woken;

        @Override
        public void wake() {
            woken = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void waitOn(WaitQueue queue) {
            if (!queues.contains(queue)) {
                queue.add(this);
                queues.add(queue);
            }
        }

        void leaveAll() {
            for (WaitQueue q : queues) {
                q.remove(this);
            }
        }
    }

    static int poll(Process p, PollFd[] pfds, int timeoutMillis) {
        if (pfds.length > FdTable.DEFAULT_LIMIT) {
            return EINVAL.negative();
        }
        OpenFile[] files = new OpenFile[pfds.length];
        for (int i = 0; i < pfds.length; i++) {
            files[i] = pfds[i].fd < 0 ? null : p.fget(pfds[i].fd);
        }
        Poller poller = new Poller();
        long deadline = timeoutMillis < 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            PollTable table = timeoutMillis == 0 ? null : poller;
            while (true) {
                poller.woken = false;
                int ready = pass(pfds, files, table);
                table = null;
                if (ready > 0 || timeoutMillis == 0) {
                    return ready;
                }
                while (!poller.woken) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return 0;
                    }
                    LockSupport.parkNanos(Poll.class, left);
                    if (Thread.interrupted()) {
                        Thread.currentThread().interrupt();
                        return EINTR.negative();
                    }
                }
            }
        } finally {
            poller.leaveAll();
            for (OpenFile f : files) {
                if (f != null) {
                    f.put();
                }
            }
        }
    }

    private static int pass(PollFd[] pfds, OpenFile[] files, PollTable table) {
        int ready = 0;
        for (int i = 0; i < pfds.length; i++) {
            PollFd pfd = pfds[i];
            if (pfd.fd < 0) {
                pfd.revents = 0;
                continue;
            }
            if (files[i] == null) {
                pfd.revents = Abi.POLLNVAL;
            } else {
                int asked = pfd.events | ALWAYS_REPORTED;
                pfd.revents = Gate.poll(files[i], asked, table) & asked;
            }
            if (pfd.revents != 0) {
                ready++;
            }
        }
        return ready;
    }

    private Poll() {}
}
