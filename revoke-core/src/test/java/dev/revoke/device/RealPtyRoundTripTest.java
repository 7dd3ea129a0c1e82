package dev.revoke.device;

import static dev.revoke.panama.Errno.EAGAIN;
import static dev.revoke.panama.Errno.EFAULT;
import static dev.revoke.panama.Errno.ENOTTY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.kernel.PollFd;
import dev.revoke.panama.Posix;
import dev.revoke.panama.Sys;
import dev.revoke.panama.Termios;
import dev.revoke.panama.WinSize;
import dev.revoke.panama.libc.Libc;
import dev.revoke.vfs.Abi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Live traffic between an emulated process and a real pty: every call is an
 * emulated system call on {@code /dev/ttyR0}; the other end is the real
 * master, driven with panama.
 */
class RealPtyRoundTripTest {

    @Test
    void emulatedWriteOnTheSlaveArrivesAtTheRealMaster() throws Exception {
        try (RealTty t = new RealTty()) {
            int fd = t.open(RealTty.NODE, Abi.O_RDWR);
            byte[] msg = Io.bytes("hello from the emulated kernel");
            assertEquals(msg.length, t.process.write(fd, msg));
            assertEquals("hello from the emulated kernel", Io.readExactly(t.master(), msg.length));
        }
    }

    @Test
    void realMasterWriteArrivesAtAnEmulatedRead() throws Exception {
        try (RealTty t = new RealTty()) {
            int fd = t.open(RealTty.NODE, Abi.O_RDWR);
            RealTty.writeMaster(t.master(), "ping");
            Io.awaitAvailable(t.pty.slave().raw(), 4);
            byte[] buf = new byte[64];
            assertEquals(4, t.process.read(fd, buf));
            assertEquals("ping", Io.string(buf, 4));
        }
    }

    /** The reader sleeps in poll(2) on the real slave and its eventfd; data from the master wakes it. */
    @Test
    void blockedEmulatedReadWakesWhenTheMasterWrites(TestReporter report) throws Exception {
        try (RealTty t = new RealTty()) {
            int fd = t.open(RealTty.NODE, Abi.O_RDWR);
            CompletableFuture<Integer> tid = new CompletableFuture<>();
            byte[] buf = new byte[64];
            long[] result = new long[2];
            Thread reader = Thread.ofPlatform().daemon().name("emulated-reader").start(() -> {
                tid.complete(Sys.gettid());
                result[0] = t.process.read(fd, buf);
                result[1] = System.nanoTime();
            });
            Io.awaitInPoll(tid.get(Io.TIMEOUT_MS, TimeUnit.MILLISECONDS));
            long sent = System.nanoTime();
            RealTty.writeMaster(t.master(), "pong");
            Io.join(reader);
            assertEquals(4, result[0]);
            assertEquals("pong", Io.string(buf, 4));
            report.publishEntry("data-wakes-emulated-read-micros", Long.toString((result[1] - sent) / 1000));
        }
    }

    @Test
    void nonBlockingReadWithNothingPendingIsEagain() throws Exception {
        try (RealTty t = new RealTty()) {
            int nb = t.open(RealTty.NODE, Abi.O_RDWR | Abi.O_NONBLOCK);
            assertEquals(EAGAIN.negative(), t.process.read(nb, new byte[8]));

            int fd = t.open(RealTty.NODE, Abi.O_RDWR);
            assertEquals(0, t.process.ioctl(fd, Abi.FIONBIO, new int[] {1}));
            assertEquals(EAGAIN.negative(), t.process.read(fd, new byte[8]), "FIONBIO switches the emulated file");
            RealTty.writeMaster(t.master(), "x");
            Io.awaitAvailable(t.pty.slave().raw(), 1);
            assertEquals(1, t.process.read(fd, new byte[8]));
        }
    }

    @Test
    void fionreadReportsTheBytesWaitingOnTheRealTty() throws Exception {
        try (RealTty t = new RealTty()) {
            int fd = t.open(RealTty.NODE, Abi.O_RDWR);
            int[] n = new int[1];
            assertEquals(0, t.process.ioctl(fd, Abi.FIONREAD, n));
            assertEquals(0, n[0]);
            RealTty.writeMaster(t.master(), "12345");
            Io.awaitAvailable(t.pty.slave().raw(), 5);
            assertEquals(0, t.process.ioctl(fd, Abi.FIONREAD, n));
            assertEquals(5, n[0]);
            assertEquals(EFAULT.negative(), t.process.ioctl(fd, Abi.FIONREAD, null), "no out-parameter");
        }
    }

    @Test
    void windowSizeGoesToTheRealTty() throws Exception {
        try (RealTty t = new RealTty()) {
            int fd = t.open(RealTty.NODE, Abi.O_RDWR);
            assertEquals(0, t.process.ioctl(fd, Abi.TIOCSWINSZ, new WinSize(43, 132)));
            assertEquals(new WinSize(43, 132), Posix.getWinSize(t.master()), "seen by the real master");

            Posix.setWinSize(t.master(), new WinSize(25, 80, 640, 400));
            WinSize[] out = new WinSize[1];
            assertEquals(0, t.process.ioctl(fd, Abi.TIOCGWINSZ, out));
            assertEquals(new WinSize(25, 80, 640, 400), out[0]);
            assertEquals(EFAULT.negative(), t.process.ioctl(fd, Abi.TIOCSWINSZ, new int[4]), "wrong argument type");
        }
    }

    @Test
    void termiosGoesToTheRealTty() throws Exception {
        try (RealTty t = new RealTty()) {
            int fd = t.open(RealTty.NODE, Abi.O_RDWR);
            Termios[] out = new Termios[1];
            assertEquals(0, t.process.ioctl(fd, Abi.TCGETS, out));
            assertEquals(0, out[0].lflag() & Libc.ECHO(), "the fixture made the slave raw");

            Termios echo = out[0].copy().lflag(out[0].lflag() | Libc.ECHO());
            assertEquals(0, t.process.ioctl(fd, Abi.TCSETS, echo));
            assertNotEquals(0, Termios.of(t.pty.slave().raw()).lflag() & Libc.ECHO(), "set on the real slave");
        }
    }

    @Test
    void otherIoctlsAreEnotty() throws Exception {
        try (RealTty t = new RealTty()) {
            int fd = t.open(RealTty.NODE, Abi.O_RDWR);
            assertEquals(ENOTTY.negative(), t.process.ioctl(fd, Abi.TIOCGSID, new int[1]));
            assertEquals(ENOTTY.negative(), t.process.ioctl(fd, Abi.TCSETSW, Termios.of(t.pty.slave().raw())),
                    "TCSETSW would wait for output to drain inside ioctl(2), where no kick reaches");
        }
    }

    @Test
    void emulatedPollSeesRealReadiness() throws Exception {
        try (RealTty t = new RealTty()) {
            int fd = t.open(RealTty.NODE, Abi.O_RDWR);
            PollFd[] p = {new PollFd(fd, Abi.POLLIN | Abi.POLLOUT)};
            assertEquals(1, t.process.poll(p, 0));
            assertEquals(Abi.POLLOUT, p[0].revents, "a tty has room to write, nothing to read");

            RealTty.writeMaster(t.master(), "z");
            Io.awaitAvailable(t.pty.slave().raw(), 1);
            PollFd[] in = {new PollFd(fd, Abi.POLLIN)};
            assertEquals(1, t.process.poll(in, 0));
            assertEquals(Abi.POLLIN, in[0].revents);
        }
    }

    /**
     * The emulated poller parks in Java; the readiness watcher's epoll
     * interest fires when the master writes and wakes it.
     */
    @Test
    void parkedEmulatedPollWakesWhenTheMasterWrites(TestReporter report) throws Exception {
        try (RealTty t = new RealTty()) {
            int fd = t.open(RealTty.NODE, Abi.O_RDWR);
            PollFd[] p = {new PollFd(fd, Abi.POLLIN)};
            long[] done = new long[2];
            Thread poller = Thread.ofPlatform().daemon().name("emulated-poller").start(() -> {
                done[0] = t.process.poll(p, Io.TIMEOUT_MS);
                done[1] = System.nanoTime();
            });
            Io.awaitParked(poller);
            Io.sleepMillis(20);
            assertTrue(poller.isAlive(), "poll returned with nothing to read: " + p[0]);
            long sent = System.nanoTime();
            RealTty.writeMaster(t.master(), "!");
            Io.join(poller);
            assertEquals(1, done[0]);
            assertEquals(Abi.POLLIN, p[0].revents);
            long micros = (done[1] - sent) / 1000;
            report.publishEntry("data-wakes-emulated-poll-micros", Long.toString(micros));
            assertTrue(micros < 1_000_000, "poll took " + micros + " us to see the data");
        }
    }

    /** One emulated poll over two real ptys: the second one's data wakes it, the first stays quiet. */
    @Test
    void oneEmulatedPollOverTwoRealDevices() throws Exception {
        try (RealTty a = new RealTty(); RealTty b = new RealTty(a.kernel, "/dev/ttyR1")) {
            int fa = a.open(RealTty.NODE, Abi.O_RDWR);
            int fb = a.open("/dev/ttyR1", Abi.O_RDWR);
            PollFd[] p = {new PollFd(fa, Abi.POLLIN), new PollFd(fb, Abi.POLLIN)};
            int[] ready = new int[1];
            Thread poller = Thread.ofPlatform().daemon().name("emulated-poller").start(() -> ready[0] = a.process.poll(p, Io.TIMEOUT_MS));
            Io.awaitParked(poller);
            RealTty.writeMaster(b.master(), "b");
            Io.join(poller);
            assertEquals(1, ready[0]);
            assertEquals(0, p[0].revents);
            assertEquals(Abi.POLLIN, p[1].revents);
            a.process.exit(0);
        }
    }
}
