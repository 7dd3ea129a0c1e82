package dev.revoke.tty;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.revoke.kernel.Kernel;
import dev.revoke.kernel.PollFd;
import dev.revoke.kernel.Process;
import dev.revoke.panama.Errno;
import dev.revoke.vfs.Abi;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An emulated kernel with the tty layer, and helpers to drive it through
 * system calls only: the tests never call a file method themselves.
 */
final class TtySystem {
    final Kernel kernel = new Kernel();
    final TtyLayer ttys = TtyLayer.install(kernel);

    /** A terminal emulator (uid 1000) holding a fresh pty's master. */
    TtyLayer.Terminal terminal() {
        return ttys.openPty(kernel.spawn("xterm", 1000));
    }

    /** A root shell logged in on a fresh terminal: the slave is its controlling tty, on fds 0-2. */
    TtyLayer.LoginSession login() {
        return ttys.login(kernel.spawn("sh", 0), terminal());
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String string(byte[] b, long n) {
        return new String(b, 0, (int) Math.max(n, 0), StandardCharsets.ISO_8859_1);
    }

    static int ok(long r) {
        if (r < 0) {
            fail("system call failed: " + Errno.nameOf((int) -r));
        }
        return (int) r;
    }

    static String errno(long r) {
        return r < 0 ? Errno.nameOf((int) -r) : Long.toString(r);
    }

    static int open(Process p, String path, int flags) {
        return ok(p.open(path, flags));
    }

    /** poll(2) of one descriptor with a zero timeout: its revents. */
    static int pollNow(Process p, int fd, int events) {
        PollFd[] fds = {new PollFd(fd, events)};
        ok(p.poll(fds, 0));
        return fds[0].revents;
    }

    /** A call on a thread of its own, with the time it returned. */
    record Call<T>(Thread thread, CompletableFuture<T> result, long[] returnedAt) {
        T get() throws Exception {
            return result.get(5, TimeUnit.SECONDS);
        }

        long returnedNanos() {
            return returnedAt[0];
        }
    }

    static <T> Call<T> start(String name, Callable<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        long[] at = new long[1];
        Thread t = Thread.ofPlatform().daemon().name(name).start(() -> {
            try {
                T v = body.call();
                at[0] = System.nanoTime();
                f.complete(v);
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return new Call<>(t, f, at);
    }

    /** Waits until {@code t} is parked (asleep on a wait queue or a lock), failing after 5 s. */
    static void awaitParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Thread.State s = t.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                return;
            }
            if (s == Thread.State.TERMINATED) {
                fail(t.getName() + " returned instead of blocking");
            }
            Thread.sleep(1);
        }
        fail(t.getName() + " never blocked; state " + t.getState());
    }

    /** Asserts the call is still blocked after a while. */
    static void assertStillBlocked(Call<?> c) throws InterruptedException {
        Thread.sleep(50);
        assertTrue(!c.result().isDone(), c.thread().getName() + " returned: " + c.result().getNow(null));
    }

    static final int HUNG_UP_POLL = Abi.POLLIN | Abi.POLLOUT | Abi.POLLERR | Abi.POLLHUP | Abi.POLLRDNORM | Abi.POLLWRNORM;
}
