package dev.revoke.device;

import static dev.revoke.panama.Errno.EAGAIN;
import static dev.revoke.panama.Errno.EBADF;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.revoke.kernel.PollFd;
import dev.revoke.kernel.Process;
import dev.revoke.panama.NativeFd;
import dev.revoke.panama.Posix;
import dev.revoke.panama.Sys;
import dev.revoke.panama.libc.Libc;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.OpenFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The real descriptors' lifetimes: closed once, never under a thread still
 * using them, never leaked, however opens, closes and revokes interleave.
 */
class RealFdLifetimeTest {

    /** An eventfd as a canary: still an eventfd, and still answering poll(2), or a close hit it. */
    private static void assertCanary(NativeFd canary, String expectedTarget, String when) {
        int fd = canary.raw();
        assertEquals(expectedTarget, Io.fdTarget(fd), "canary fd " + fd + " " + when);
        int revents = Sys.poll(fd, Libc.POLLOUT(), 0);
        assertEquals(Libc.POLLOUT(), revents, "canary fd " + fd + " " + when + ": revents " + revents);
    }

    /**
     * One open/use/revoke/close cycle. Some cycles read (EAGAIN), some poll
     * (which arms an epoll interest the release must remove), some write
     * through to the master, some revoke a reader asleep in poll(2).
     */
    private static void cycle(RealTty t, int i) throws Exception {
        Process p = t.process;
        boolean nonBlocking = i % 2 == 0;
        int fd = t.open(RealTty.NODE, Abi.O_RDWR | (nonBlocking ? Abi.O_NONBLOCK : 0));
        if (nonBlocking) {
            assertEquals(EAGAIN.negative(), p.read(fd, new byte[8]));
        }
        if (i % 10 == 0) {
            PollFd[] pfd = {new PollFd(fd, Abi.POLLIN)};
            assertEquals(0, p.poll(pfd, 0));
        }
        if (i % 50 == 0) {
            assertEquals(1, p.write(fd, Io.bytes("w")));
            assertEquals("w", Io.readExactly(t.master(), 1));
        }
        Thread reader = null;
        long[] read = {Long.MIN_VALUE};
        if (i % 1000 == 1) {
            int[] tid = {0};
            CountDownLatch started = new CountDownLatch(1);
            reader = Thread.ofPlatform().daemon().name("cycle-reader").start(() -> {
                tid[0] = Sys.gettid();
                started.countDown();
                read[0] = p.read(fd, new byte[8]);
            });
            assertTrue(started.await(Io.TIMEOUT_MS, TimeUnit.MILLISECONDS));
            Io.awaitInPoll(tid[0]);
        }
        assertEquals(0, reader == null ? p.revoke(RealTty.NODE) : Io.revoke(p, RealTty.NODE));
        if (reader != null) {
            Io.join(reader);
            assertEquals(0, read[0], "the revoked reader sees end of file");
        }
        assertEquals(0, p.close(fd));
    }

    @Test
    void tenThousandOpenRevokeCyclesLeaveTheDescriptorTableAsItWas(TestReporter report) throws Exception {
        final int warmUp = 200;
        final int cycles = 10_000;
        try (RealTty t = new RealTty();
             NativeFd canary = Posix.eventfd(0, Libc.EFD_CLOEXEC())) {
            String eventfd = Io.fdTarget(canary.raw());
            List<Throwable> failures = new CopyOnWriteArrayList<>();
            t.driver.probe(new Probe() {
                @Override
                public void released(long id, int real, int wake, Throwable failure) {
                    if (failure != null) {
                        failures.add(failure);
                    }
                }
            });
            // Loads every class and starts the readiness watcher (one epoll fd for the JVM's life).
            for (int i = 0; i < warmUp; i++) {
                cycle(t, i);
            }
            Map<Integer, String> before = Io.openFds();
            long start = System.nanoTime();
            NativeFd previous = null;
            for (int i = 0; i < cycles; i++) {
                cycle(t, i);
                // The numbers this cycle freed are the lowest free ones, so a fresh canary takes
                // one of them; a stray second close in the next cycle would take it away.
                if (previous != null) {
                    assertCanary(previous, eventfd, "after cycle " + i);
                    previous.close();
                }
                previous = Posix.eventfd(0, Libc.EFD_CLOEXEC());
            }
            previous.close();
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Map<Integer, String> after = Io.openFds();

            report.publishEntry("open-revoke-cycles", cycles + " in " + millis + " ms");
            System.out.println(cycles + " open/revoke cycles on a real pty in " + millis + " ms");
            assertEquals(before.size(), after.size(), "descriptors before and after differ: " + diff(before, after));
            assertCanary(canary, eventfd, "opened before the loop");
            assertNoFailures(failures);
            t.driver.probe(null);
            assertEquals(warmUp + cycles, t.driver.realFdsOpened());
            assertEquals(t.driver.realFdsOpened(), t.driver.realFdsClosed());
            assertEquals(0, t.driver.liveFiles());
            assertEquals(1 + warmUp + cycles, t.device.generationNumber());
        }
    }

    private static void assertNoFailures(List<Throwable> failures) {
        assertTrue(failures.isEmpty(), failures.size() + " releases failed (a close that found its number"
                + " already closed is EBADF); the first: " + (failures.isEmpty() ? "" : failures.getFirst()));
    }

    private static String diff(Map<Integer, String> before, Map<Integer, String> after) {
        Map<Integer, String> d = new TreeMap<>();
        for (var e : before.entrySet()) {
            if (!e.getValue().equals(after.get(e.getKey()))) {
                d.put(e.getKey(), e.getValue() + " -> " + after.get(e.getKey()));
            }
        }
        for (var e : after.entrySet()) {
            if (!before.containsKey(e.getKey())) {
                d.put(e.getKey(), "(none) -> " + e.getValue());
            }
        }
        return d.toString();
    }

    /**
     * Deterministic: a reader is held inside the read method (after the
     * gate let it in) while another thread revokes. The revocation must wait
     * for it, and the real descriptor must stay open, still the pty, all that
     * time; the release, and so the close, comes after the reader has left.
     */
    @Test
    void theRealFdIsNotClosedWhileAReaderIsInside() throws Exception {
        try (RealTty t = new RealTty()) {
            int fd = t.open(RealTty.NODE, Abi.O_RDWR);
            CountDownLatch inside = new CountDownLatch(1);
            CountDownLatch leave = new CountDownLatch(1);
            AtomicInteger realFd = new AtomicInteger(-1);
            AtomicLong order = new AtomicLong();
            long[] leftAt = {0};
            long[] releasedAt = {0};
            t.driver.probe(new Probe() {
                @Override
                public void entered(String method, int real) {
                    if (method.equals("read") && Thread.currentThread().getName().equals("held-reader")) {
                        realFd.set(real);
                        inside.countDown();
                        try {
                            assertTrue(leave.await(Io.TIMEOUT_MS, TimeUnit.MILLISECONDS));
                        } catch (InterruptedException e) {
                            throw new AssertionError(e);
                        }
                    }
                }

                @Override
                public void left(String method, int real) {
                    if (method.equals("read") && Thread.currentThread().getName().equals("held-reader")) {
                        leftAt[0] = order.incrementAndGet();
                    }
                }

                @Override
                public void released(long id, int real, int wake, Throwable failure) {
                    releasedAt[0] = order.incrementAndGet();
                }
            });
            long[] read = {Long.MIN_VALUE};
            Thread reader = Thread.ofPlatform().daemon().name("held-reader").start(() -> read[0] = t.process.read(fd, new byte[8]));
            assertTrue(inside.await(Io.TIMEOUT_MS, TimeUnit.MILLISECONDS));
            int n = realFd.get();
            String pts = t.pty.slavePath();
            assertEquals(pts, Io.fdTarget(n), "the driver's real fd is the pty slave");

            int[] revoked = {Integer.MIN_VALUE};
            Thread revoker = Thread.ofPlatform().daemon().name("revoker").start(() -> revoked[0] = t.process.revoke(RealTty.NODE));
            Io.awaitParked(revoker);
            for (int i = 0; i < 10; i++) {
                Io.sleepMillis(10);
                assertTrue(revoker.isAlive(), "revoke returned while a reader was inside");
                assertEquals(pts, Io.fdTarget(n), "real fd " + n + " closed or reused under the reader");
                assertEquals(0, t.driver.realFdsClosed());
            }
            assertTrue(t.device.generation() != null && t.device.generationNumber() == 2, "the new generation is in place");

            leave.countDown();
            Io.join(reader);
            Io.join(revoker);
            assertEquals(0, revoked[0]);
            assertEquals(0, read[0], "the reader, let go during the revocation, sees end of file");
            assertTrue(leftAt[0] > 0 && releasedAt[0] > leftAt[0], "release ran before the reader left");
            assertEquals(1, t.driver.realFdsClosed());
            assertNotEquals(pts, Io.fdTarget(n), "the revocation closed the real fd");
            t.driver.probe(null);
        }
    }

    /**
     * close(2) and revoke(2) of the same file race, with a third thread
     * inside a read: whoever wins, the file is released, and its real
     * descriptors closed, exactly once.
     */
    @Test
    void releaseRunsOnceWhenCloseRacesRevoke(TestReporter report) throws Exception {
        final int rounds = 2_000;
        Map<Long, AtomicInteger> releases = new ConcurrentHashMap<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try (RealTty t = new RealTty();
             NativeFd canary = Posix.eventfd(0, Libc.EFD_CLOEXEC())) {
            String eventfd = Io.fdTarget(canary.raw());
            t.driver.probe(new Probe() {
                @Override
                public void released(long id, int real, int wake, Throwable failure) {
                    if (failure != null) {
                        failures.add(failure);
                    }
                    releases.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                }
            });
            Process p = t.process;
            int byRevoke = 0;
            Set<Long> readResults = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < rounds; i++) {
                int fd = t.open(RealTty.NODE, Abi.O_RDWR | Abi.O_NONBLOCK);
                OpenFile file = p.peekFile(fd);
                CountDownLatch go = new CountDownLatch(1);
                Callable<Integer> closing = () -> {
                    go.await();
                    return p.close(fd);
                };
                Callable<Integer> revoking = () -> {
                    go.await();
                    return p.revoke(RealTty.NODE);
                };
                // Alternate which one a pool thread picks up first, so both sides win often.
                Future<Integer> close;
                Future<Integer> revoke;
                if (i % 2 == 0) {
                    close = pool.submit(closing);
                    revoke = pool.submit(revoking);
                } else {
                    revoke = pool.submit(revoking);
                    close = pool.submit(closing);
                }
                Future<Long> read = pool.submit(() -> {
                    go.await();
                    return p.read(fd, new byte[8]);
                });
                go.countDown();
                assertEquals(0, close.get(Io.TIMEOUT_MS, TimeUnit.MILLISECONDS));
                assertEquals(0, revoke.get(Io.TIMEOUT_MS, TimeUnit.MILLISECONDS));
                long r = read.get(Io.TIMEOUT_MS, TimeUnit.MILLISECONDS);
                readResults.add(r);
                if (r != EAGAIN.negative() && r != 0 && r != EBADF.negative()) {
                    fail("read during the race: " + r);
                }
                if (file.isRevoked()) {
                    byRevoke++;
                }
            }
            report.publishEntry("close-vs-revoke", rounds + " rounds, " + byRevoke + " released by the revocation, "
                    + (rounds - byRevoke) + " by the close; reads saw " + readResults);
            System.out.println("close vs revoke: " + byRevoke + " of " + rounds + " released by the revocation; reads saw " + readResults);
            assertNoFailures(failures);
            assertEquals(rounds, releases.size());
            for (var e : releases.entrySet()) {
                assertEquals(1, e.getValue().get(), "file " + e.getKey() + " released " + e.getValue() + " times");
            }
            assertEquals(rounds, t.driver.realFdsOpened());
            assertEquals(rounds, t.driver.realFdsClosed());
            assertCanary(canary, eventfd, "after the races");
            t.driver.probe(null);
        } finally {
            pool.shutdownNow();
        }
    }
}
