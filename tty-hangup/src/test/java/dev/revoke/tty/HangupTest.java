package dev.revoke.tty;

import static dev.revoke.tty.TtySystem.HUNG_UP_POLL;
import static dev.revoke.tty.TtySystem.awaitParked;
import static dev.revoke.tty.TtySystem.bytes;
import static dev.revoke.tty.TtySystem.errno;
import static dev.revoke.tty.TtySystem.ok;
import static dev.revoke.tty.TtySystem.open;
import static dev.revoke.tty.TtySystem.pollNow;
import static dev.revoke.tty.TtySystem.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.kernel.PollFd;
import dev.revoke.kernel.Process;
import dev.revoke.kernel.Signal;
import dev.revoke.tty.ldisc.NTty;
import dev.revoke.vfs.Abi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * A hangup revokes every file of the tty: sleepers wake with a hung-up
 * tty's answers, later calls get them at once, each file is released once.
 * Everything goes through emulated system calls.
 */
class HangupTest {
    private static final int TRIALS = 7;

    private final TtySystem sys = new TtySystem();

    /** Median and maximum of wake latencies, in microseconds, for the log and the assertions. */
    private static long[] summarize(String what, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        long median = sorted.get(sorted.size() / 2) / 1000;
        long max = sorted.getLast() / 1000;
        System.out.println(what + " wake latency over " + nanos.size() + " trials: median " + median + " us, max " + max
                + " us, all " + sorted.stream().map(n -> n / 1000 + "").toList() + " us");
        return new long[] {median, max};
    }

    @Test
    void aBlockedReaderIsWokenWithEndOfFileWithin100ms() throws Exception {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < TRIALS; i++) {
            TtyLayer.LoginSession login = sys.login();
            Process sh = login.shell();
            byte[] buf = new byte[64];
            var reader = start("reader", () -> sh.read(0, buf));
            awaitParked(reader.thread());

            long t0 = System.nanoTime();
            HangupReport report = login.tty().vhangup();

            assertEquals(0L, reader.get(), "a hung-up tty reads as end of file");
            latencies.add(reader.returnedNanos() - t0);
            assertEquals(1, report.filesHungUp(), "one open file behind descriptors 0, 1 and 2");
        }
        long[] s = summarize("blocked read", latencies);
        assertTrue(s[0] < 100_000, "median wake latency " + s[0] + " us");
        assertTrue(s[1] < 1_000_000, "slowest wake " + s[1] + " us");
    }

    @Test
    void aBlockedPollerIsWokenWithin100ms() throws Exception {
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < TRIALS; i++) {
            TtyLayer.LoginSession login = sys.login();
            Process sh = login.shell();
            PollFd[] fds = {new PollFd(0, Abi.POLLIN)};
            var poller = start("poller", () -> sh.poll(fds, -1));
            awaitParked(poller.thread());

            long t0 = System.nanoTime();
            login.tty().vhangup();

            assertEquals(1, poller.get());
            latencies.add(poller.returnedNanos() - t0);
            assertEquals(Abi.POLLIN | Abi.POLLERR | Abi.POLLHUP, fds[0].revents,
                    "what was asked of IN|OUT|ERR|HUP|RDNORM|WRNORM, plus ERR and HUP: " + Abi.pollBits(fds[0].revents));
        }
        long[] s = summarize("blocked poll", latencies);
        assertTrue(s[0] < 100_000, "median wake latency " + s[0] + " us");
        assertTrue(s[1] < 1_000_000, "slowest wake " + s[1] + " us");
    }

    @Test
    void aWriterBlockedOnAFullOutputQueueGetsEio() throws Exception {
        TtyLayer.LoginSession login = sys.login();
        Process sh = login.shell();
        int nb = open(sh, login.terminal().slavePath(), Abi.O_RDWR | Abi.O_NONBLOCK);
        byte[] chunk = new byte[1024];
        Arrays.fill(chunk, (byte) 'x');
        int filled = 0;
        long r;
        while ((r = sh.write(nb, chunk)) > 0) {
            filled += (int) r;
        }
        assertEquals("EAGAIN", errno(r));
        assertEquals(NTty.DEFAULT_OUTPUT_CAPACITY, filled, "the simulated output queue's capacity");
        var writer = start("writer", () -> sh.write(1, bytes("z")));
        awaitParked(writer.thread());

        long t0 = System.nanoTime();
        login.tty().vhangup();

        assertEquals("EIO", errno(writer.get()), "nothing was written: a hung-up tty's write");
        System.out.println("blocked write woken after " + (writer.returnedNanos() - t0) / 1000 + " us");
        assertTrue(writer.returnedNanos() - t0 < TimeUnit.MILLISECONDS.toNanos(100));
    }

    @Test
    void aWriteCutShortByTheHangupReturnsWhatItWrote() throws Exception {
        TtyLayer.LoginSession login = sys.login();
        Process sh = login.shell();
        byte[] big = new byte[3 * NTty.DEFAULT_OUTPUT_CAPACITY];
        var writer = start("writer", () -> sh.write(1, big));
        awaitParked(writer.thread());

        login.tty().vhangup();

        assertEquals((long) NTty.DEFAULT_OUTPUT_CAPACITY, writer.get(), "as Linux: the count, not EIO");
        assertEquals(NTty.DEFAULT_OUTPUT_CAPACITY, login.terminal().screen().length(),
                "what the slave wrote before the hangup is still the master's to read");
    }

    @Test
    void aHungUpFileAnswersAsLinuxDoes() {
        TtyLayer.LoginSession login = sys.login();
        Process sh = login.shell();
        login.tty().vhangup();

        assertEquals(0L, sh.read(0, new byte[8]), "read");
        assertEquals("EIO", errno(sh.write(1, bytes("x"))), "write");
        assertEquals(HUNG_UP_POLL, pollNow(sh, 0, HUNG_UP_POLL), "poll");
        assertEquals("EIO", errno(sh.ioctl(0, Abi.TCGETS, new Termios[1])), "TCGETS");
        assertEquals("EIO", errno(sh.ioctl(0, Abi.TIOCGPGRP, new int[1])), "TIOCGPGRP");
        assertEquals("ENOTTY", errno(sh.ioctl(0, Abi.TIOCSPGRP, sh.processGroup())), "TIOCSPGRP");
        assertEquals("EIO", errno(sh.ioctl(0, Abi.FIONREAD, new int[1])), "FIONREAD");
        assertEquals("EIO", errno(sh.ioctl(0, Abi.TIOCVHANGUP, null)), "TIOCVHANGUP again");
        assertEquals("ESPIPE", errno(sh.lseek(0, 0, Abi.SEEK_SET)), "lseek");
        assertEquals(0, sh.ioctl(0, Abi.FIONBIO, new int[] {1}), "FIONBIO is the kernel's, not the file's");
        assertEquals("ENOTTY", errno(sh.fcntl(0, Abi.F_SETFL, Abi.O_ASYNC)), "fasync (F_SETFL O_ASYNC)");
        assertEquals(0, sh.fcntl(0, Abi.F_GETFL, 0) & Abi.O_ASYNC, "a refused fasync leaves the flags alone");
    }

    @Test
    void aLiveTtyAcceptsFasync() {
        Process sh = sys.login().shell();
        assertEquals(0, sh.fcntl(0, Abi.F_SETFL, Abi.O_ASYNC));
        assertEquals(Abi.O_ASYNC, sh.fcntl(0, Abi.F_GETFL, 0) & Abi.O_ASYNC);
    }

    @Test
    void everyFileIsReleasedExactlyOnce() {
        TtyLayer.LoginSession login = sys.login();
        Process sh = login.shell();
        Tty tty = login.tty();
        int extra = open(sh, login.terminal().slavePath(), Abi.O_RDONLY);
        Process child = sh.fork();
        assertEquals(2, tty.openCount());

        HangupReport report = tty.vhangup();

        assertEquals(2, report.filesHungUp());
        assertEquals(2, tty.counters().releases());
        assertEquals(0, tty.openCount());
        assertEquals(0, tty.attachedCount());
        child.exit(0);
        sh.close(extra);
        sh.exit(0);
        assertEquals(2, tty.counters().releases(), "closing hung-up files releases nothing again");
        assertEquals(2, tty.counters().driverOpens());
        assertEquals(0, tty.counters().driverCloses(), "no console: the driver saw a hangup, not closes");
        assertEquals(1, tty.counters().driverHangups());
    }

    @Test
    void carrierLossHangsUpOnAnotherThread() throws Exception {
        // hangup() returns a future the hangup thread completes. A callback
        // registered after it completed runs on the registering thread, so
        // one trial can be inconclusive; a synchronous hangup would be
        // complete on return every time.
        boolean sawAnotherThread = false;
        for (int trial = 0; trial < 20 && !sawAnotherThread; trial++) {
            TtyLayer.LoginSession login = sys.login();
            Process sh = login.shell();
            var reader = start("reader", () -> sh.read(0, new byte[8]));
            awaitParked(reader.thread());
            Thread[] ranOn = new Thread[1];
            var future = login.tty().hangup();
            boolean doneOnReturn = future.isDone();
            future = future.whenComplete((r, t) -> ranOn[0] = Thread.currentThread());

            HangupReport report = future.get(5, TimeUnit.SECONDS);

            assertEquals(0L, reader.get());
            assertEquals(1, report.filesHungUp());
            assertEquals(List.of(sh.pid()), report.signalled());
            sawAnotherThread = !doneOnReturn && ranOn[0] != Thread.currentThread();
        }
        assertTrue(sawAnotherThread, "tty_hangup defers the work to another thread");
    }

    @Test
    void tiocvhangupFromTheTtysOwnFile() throws Exception {
        TtyLayer.LoginSession login = sys.login();
        Process sh = login.shell();
        var reader = start("reader", () -> sh.read(0, new byte[8]));
        awaitParked(reader.thread());

        assertEquals(0L, sh.ioctl(1, Abi.TIOCVHANGUP, null), "from inside a method of a file it revokes");

        assertEquals(0L, reader.get());
        assertEquals(0L, sh.read(2, new byte[8]), "the caller's next call finds the tty hung up");
        assertEquals(List.of(Signal.SIGHUP, Signal.SIGCONT), sh.signals());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (login.tty().counters().releases() < 1 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(1, login.tty().counters().releases(), "released once the ioctl had left");
    }

    @Test
    void aSecondHangupOfAHungUpTtyDoesNothing() throws Exception {
        TtyLayer.LoginSession login = sys.login();
        Tty tty = login.tty();
        var async = tty.hangup();
        HangupReport sync = tty.vhangup();
        HangupReport again = tty.vhangup();

        assertSame(sync, async.get(5, TimeUnit.SECONDS), "one hangup, one report");
        assertSame(sync, again);
        assertEquals(1, tty.counters().hangups());
        assertEquals(List.of(Signal.SIGHUP, Signal.SIGCONT), login.shell().signals(), "signalled once");
    }

    @Test
    void revokeOfTheNodeIsAHangup() throws Exception {
        TtyLayer.LoginSession login = sys.login();
        Process sh = login.shell();
        var reader = start("reader", () -> sh.read(0, new byte[8]));
        awaitParked(reader.thread());

        assertEquals(0, sh.revoke(login.terminal().slavePath()));

        assertEquals(0L, reader.get());
        assertEquals(List.of(Signal.SIGHUP, Signal.SIGCONT), sh.signals());
        assertEquals(null, sh.controllingTty());
        assertEquals(1, login.tty().counters().driverHangups());
    }

    @Test
    void theHangupSignalIsRecordedBeforeTheReaderWakes() throws Exception {
        for (int i = 0; i < 20; i++) {
            TtyLayer.LoginSession login = sys.login();
            Process sh = login.shell();
            var reader = start("reader", () -> {
                long n = sh.read(0, new byte[8]);
                return n + " " + sh.signals();
            });
            awaitParked(reader.thread());
            login.tty().hangup();
            assertEquals("0 [SIGHUP, SIGCONT]", reader.get(), "a shell that sees EOF finds SIGHUP pending");
        }
    }

    @Test
    void theNextOpenGetsAFreshTty() {
        TtyLayer.LoginSession login = sys.login();
        Process sh = login.shell();
        Tty tty = login.tty();
        Termios quiet = tty.termios().lflag(tty.termios().lflag() & ~Termios.ECHO);
        ok(sh.ioctl(0, Abi.TCSETS, quiet));
        ok(sh.ioctl(0, Abi.TIOCSWINSZ, new WinSize(24, 80)));
        login.terminal().type("typed before\n");
        int before = tty.generationNumber();
        var oldQueue = tty.waitQueue();

        tty.vhangup();
        login.terminal().type("typed between\n");
        int fd = open(sh, login.terminal().slavePath(), Abi.O_RDWR);

        assertEquals(before + 1, tty.generationNumber());
        assertEquals(1, login.terminal().pair().retainedLdiscs(), "the old line discipline had nothing left for the master");
        assertNotSame(oldQueue, tty.waitQueue(), "a new revokable");
        assertEquals(1, tty.attachedCount(), "only the new file; the old revocation does not touch it");
        Termios[] t = new Termios[1];
        ok(sh.ioctl(fd, Abi.TCGETS, t));
        assertEquals(Termios.ptySlaveDefaults(), t[0], "termios reset, as a pty's hangup resets it");
        WinSize[] ws = new WinSize[1];
        ok(sh.ioctl(fd, Abi.TIOCGWINSZ, ws));
        assertEquals(new WinSize(24, 80), ws[0], "the window size survives, as on Linux");
        int[] queued = new int[1];
        ok(sh.ioctl(fd, Abi.FIONREAD, queued));
        assertEquals(0, queued[0], "what was typed before the hangup is gone");
        login.terminal().type("after\n");
        byte[] buf = new byte[64];
        long n = sh.read(fd, buf);
        assertEquals("typed between\n", TtySystem.string(buf, n), "what was typed in between waited for more input");
        assertEquals("typed between\r\nafter\r\n", login.terminal().screen(), "echoed by the new line discipline, ECHO back on");
        assertEquals(0L, sh.read(0, buf), "the old descriptors stay hung up");
        assertSame(tty, sh.controllingTty(), "the session leader acquired it again by opening it");
    }
}
