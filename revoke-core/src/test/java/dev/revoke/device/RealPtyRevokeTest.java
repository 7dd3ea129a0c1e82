package dev.revoke.device;

import static dev.revoke.panama.Errno.EAGAIN;
import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.ENOTTY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.kernel.PollFd;
import dev.revoke.kernel.Process;
import dev.revoke.panama.Sys;
import dev.revoke.vfs.Abi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * revoke(2) of {@code /dev/ttyR0} while emulated calls sleep on the real pty
 * behind it. The requirement: a sleeper returns within 100 ms of the revoke.
 * The machine is shared and noisy, so each case runs several trials and the
 * median must be under 100 ms; every single trial must be under 2 s (a
 * missed wake-up would hang until the 10 s timeout). The latencies are
 * published as test report entries and printed.
 */
class RealPtyRevokeTest {
    private static final int TRIALS = 7;
    private static final long REQUIRED_MICROS = 100_000;
    private static final long NO_TRIAL_OVER_MICROS = 2_000_000;
    private static final int TCFLSH = 0x540B;
    private static final int TCIOFLUSH = 2;

    private static final int HUNG_UP_POLL =
            Abi.POLLIN | Abi.POLLOUT | Abi.POLLERR | Abi.POLLHUP | Abi.POLLRDNORM | Abi.POLLWRNORM;

    /** What one trial measured: the sleeper's result, and microseconds from revoke(2) to its return. */
    private record Trial(long result, long micros) {}

    /**
     * One trial: opens the node, starts {@code sleeper} on a fresh thread,
     * waits until {@code asleep} says it sleeps, revokes, and times the
     * sleeper's return from the moment revoke(2) was called.
     */
    private static Trial trial(RealTty t, int flags, ToLongFunction<Integer> sleeper, boolean sleepsInPoll2) throws Exception {
        int fd = t.open(RealTty.NODE, flags);
        CompletableFuture<Integer> tid = new CompletableFuture<>();
        long[] out = new long[2];
        Thread thread = Thread.ofPlatform().daemon().name("sleeper").start(() -> {
            tid.complete(Sys.gettid());
            out[0] = sleeper.applyAsLong(fd);
            out[1] = System.nanoTime();
        });
        if (sleepsInPoll2) {
            Io.awaitInPoll(tid.get(Io.TIMEOUT_MS, TimeUnit.MILLISECONDS));
        } else {
            Io.awaitParked(thread);
        }
        assertTrue(thread.isAlive(), "the sleeper returned before the revoke: " + out[0]);
        long[] revokedAt = new long[1];
        assertEquals(0, Io.revoke(t.process, RealTty.NODE, revokedAt));
        Io.join(thread);
        return new Trial(out[0], (out[1] - revokedAt[0]) / 1000);
    }

    private static void check(String what, List<Trial> trials, TestReporter report) {
        List<Long> micros = trials.stream().map(Trial::micros).toList();
        long median = Io.median(micros);
        report.publishEntry(what + "-revoke-wake-micros", micros + " median " + median);
        System.out.println(what + ": revoke woke the sleeper after " + micros + " us, median " + median + " us");
        assertTrue(median < REQUIRED_MICROS, what + ": median wake-up " + median + " us, over 100 ms: " + micros);
        for (long m : micros) {
            assertTrue(m < NO_TRIAL_OVER_MICROS, what + ": a trial took " + m + " us: " + micros);
        }
    }

    @Test
    void blockedReadReturnsEofPromptlyOnRevoke(TestReporter report) throws Exception {
        try (RealTty t = new RealTty()) {
            List<Trial> trials = new ArrayList<>();
            for (int i = 0; i < TRIALS; i++) {
                Trial r = trial(t, Abi.O_RDWR, fd -> t.process.read(fd, new byte[64]), true);
                assertEquals(0, r.result(), "a read woken by the hangup is end of file");
                trials.add(r);
            }
            check("read", trials, report);
        }
    }

    @Test
    void blockedEmulatedPollReturnsPromptlyOnRevoke(TestReporter report) throws Exception {
        try (RealTty t = new RealTty()) {
            List<Trial> trials = new ArrayList<>();
            for (int i = 0; i < TRIALS; i++) {
                PollFd[] p = new PollFd[1];
                Trial r = trial(t, Abi.O_RDWR, fd -> {
                    p[0] = new PollFd(fd, Abi.POLLIN);
                    return t.process.poll(p, -1);
                }, false);
                assertEquals(1, r.result());
                assertEquals(HUNG_UP_POLL & (Abi.POLLIN | Abi.POLLERR | Abi.POLLHUP), p[0].revents,
                        "what a hung-up tty reports for POLLIN: " + p[0]);
                trials.add(r);
            }
            check("poll", trials, report);
        }
    }

    /** A writer sleeping for room in a full pty (nobody reads the master) is woken too. */
    @Test
    void blockedWriteReturnsPromptlyOnRevoke(TestReporter report) throws Exception {
        try (RealTty t = new RealTty()) {
            List<Trial> trials = new ArrayList<>();
            for (int i = 0; i < TRIALS; i++) {
                int filler = t.open(RealTty.NODE, Abi.O_WRONLY | Abi.O_NONBLOCK);
                byte[] chunk = new byte[4096];
                long n;
                while ((n = t.process.write(filler, chunk)) > 0) {
                    // fill the pty until the real kernel says EAGAIN
                }
                assertEquals(EAGAIN.negative(), n);
                Trial r = trial(t, Abi.O_WRONLY, fd -> t.process.write(fd, new byte[1 << 16]), true);
                // The real tty may make room once or twice before the writer settles in poll(2):
                // a write cut short returns what it wrote, one that wrote nothing is EIO.
                assertTrue(r.result() == EIO.negative() || r.result() > 0 && r.result() < 1 << 16,
                        "write cut short by the hangup: " + r.result());
                trials.add(r);
                Sys.ioctl(t.master(), TCFLSH, TCIOFLUSH); // empty the pty for the next trial
                assertEquals(0, t.process.close(filler));
            }
            check("write", trials, report);
        }
    }

    /** After the revoke the same descriptor answers as a hung-up tty; new opens reach the real pty again. */
    @Test
    void revokedFilesAnswerAsAHungUpTtyAndNewOpensWork() throws Exception {
        try (RealTty t = new RealTty()) {
            Process p = t.process;
            int fd = t.open(RealTty.NODE, Abi.O_RDWR);
            int generation = t.device.generationNumber();
            assertEquals(0, p.revoke(RealTty.NODE));
            assertEquals(generation + 1, t.device.generationNumber());
            assertEquals(0, t.driver.liveFiles(), "the revocation released the file and closed its real fd");

            RealTty.writeMaster(t.master(), "unseen");
            Io.awaitAvailable(t.pty.slave().raw(), 6);
            assertEquals(0, p.read(fd, new byte[8]), "read: end of file, even with data on the real tty");
            assertEquals(EIO.negative(), p.write(fd, Io.bytes("x")));
            PollFd[] pfd = {new PollFd(fd, Abi.POLLIN | Abi.POLLOUT)};
            assertEquals(1, p.poll(pfd, -1));
            assertEquals(HUNG_UP_POLL & (Abi.POLLIN | Abi.POLLOUT | Abi.POLLERR | Abi.POLLHUP), pfd[0].revents);
            assertEquals(EIO.negative(), p.ioctl(fd, Abi.FIONREAD, new int[1]));
            assertEquals(ENOTTY.negative(), p.ioctl(fd, Abi.TIOCSPGRP, new int[1]));
            assertEquals(0, p.close(fd));

            int fresh = t.open(RealTty.NODE, Abi.O_RDWR);
            byte[] buf = new byte[8];
            assertEquals(6, p.read(fresh, buf), "a new open is a new generation on the same real pty");
            assertEquals("unseen", Io.string(buf, 6));
            assertEquals(2, p.write(fresh, Io.bytes("ok")));
            assertEquals("ok", Io.readExactly(t.master(), 2));
        }
    }

    /** Two nodes with one device number are aliases: revoking one revokes files opened through either. */
    @Test
    void revokeThroughAnAliasReachesEveryFile() throws Exception {
        try (RealTty t = new RealTty()) {
            assertEquals(0, t.kernel.mknod("/dev/ttyR0-alias", 0666, 0, t.number));
            Process other = t.kernel.spawn("other", 0);
            int a = t.open(RealTty.NODE, Abi.O_RDWR);
            int b = other.open("/dev/ttyR0-alias", Abi.O_RDWR);
            assertTrue(b >= 0);
            assertEquals(2, t.driver.liveFiles());
            assertEquals(0, other.revoke("/dev/ttyR0-alias"));
            assertEquals(0, t.driver.liveFiles());
            assertEquals(EIO.negative(), t.process.write(a, Io.bytes("x")));
            assertEquals(EIO.negative(), other.write(b, Io.bytes("x")));
            assertNotEquals(0, t.process.revoke(RealTty.NODE + "-missing"));
            other.exit(0);
        }
    }
}
