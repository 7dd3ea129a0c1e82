package dev.revoke.device;

import dev.revoke.panama.ErrnoException;
import dev.revoke.panama.Posix;
import dev.revoke.panama.libc.Libc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers that cannot hang a run: every wait has a deadline. */
final class Io {
    static final int TIMEOUT_MS = 10_000;

    /** poll(2) and ppoll(2), as /proc/PID/task/TID/syscall numbers them. */
    private static final Set<String> POLL_SYSCALLS = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> Set.of("7", "271");
        case "aarch64" -> Set.of("73");
        default -> throw new IllegalStateException("add poll's syscall numbers for " + System.getProperty("os.arch"));
    };

    private Io() {}

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String string(byte[] b, int n) {
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** Reads exactly {@code n} bytes from a real descriptor, or fails after the timeout. */
    static String readExactly(int fd, int n) throws ErrnoException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[Math.max(n, 1)];
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (got.size() < n) {
            int left = (int) TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                fail("timed out with " + got.size() + " of " + n + " bytes: " + got.toString(StandardCharsets.ISO_8859_1));
            }
            if (Posix.poll(fd, Libc.POLLIN(), left) == 0) {
                continue;
            }
            int r = Posix.read(fd, buf, 0, n - got.size());
            if (r == 0) {
                fail("EOF after " + got.size() + " of " + n + " bytes");
            }
            got.write(buf, 0, r);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    /** Waits until FIONREAD on a real descriptor reports at least {@code n} bytes. */
    static void awaitAvailable(int fd, int n) throws ErrnoException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        int available;
        while ((available = Posix.bytesAvailable(fd)) < n) {
            assertTrue(System.nanoTime() < deadline, "only " + available + " of " + n + " bytes arrived");
            sleepMillis(1);
        }
    }

    /** Waits until the task is asleep in poll(2), not merely about to call it. */
    static void awaitInPoll(int tid) {
        Path syscall = Path.of("/proc/self/task/" + tid + "/syscall");
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                last = Files.readString(syscall).trim();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (POLL_SYSCALLS.contains(last.split(" ")[0])) {
                return;
            }
            sleepMillis(1);
        }
        fail("task " + tid + " never blocked in poll(2); last " + syscall + ": " + last);
    }

    /** Waits until {@code t} is parked or waiting, i.e. asleep in Java. */
    static void awaitParked(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, t.getName() + " never blocked: " + t.getState());
            Thread.onSpinWait();
        }
    }

    static void join(Thread t) {
        try {
            t.join(TIMEOUT_MS);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertTrue(!t.isAlive(), t.getName() + " did not finish in " + TIMEOUT_MS + " ms: it hangs");
    }

    /**
     * revoke(2) on a daemon thread, so that a sleeper the revocation fails to
     * wake fails the test instead of hanging it in the drain.
     */
    static int revoke(dev.revoke.kernel.Process p, String path) {
        return revoke(p, path, new long[1]);
    }

    /** Like {@link #revoke(dev.revoke.kernel.Process, String)}; {@code calledAt[0]} gets the nanoTime of the call. */
    static int revoke(dev.revoke.kernel.Process p, String path, long[] calledAt) {
        int[] r = {Integer.MIN_VALUE};
        Thread t = Thread.ofPlatform().daemon().name("revoke " + path).start(() -> {
            calledAt[0] = System.nanoTime();
            r[0] = p.revoke(path);
        });
        join(t);
        return r[0];
    }

    static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** What {@code /proc/self/fd/N} links to, or null if the descriptor is not open. */
    static String fdTarget(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every open descriptor of the JVM and what it links to (the listing's own descriptor included). */
    static Map<Integer, String> openFds() {
        Map<Integer, String> fds = new TreeMap<>();
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : s.toList()) {
                int fd = Integer.parseInt(p.getFileName().toString());
                String target = fdTarget(fd);
                if (target != null) {
                    fds.put(fd, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fds;
    }

    static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
