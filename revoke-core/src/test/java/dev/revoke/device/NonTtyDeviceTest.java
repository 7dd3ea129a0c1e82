package dev.revoke.device;

import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.ENOTTY;
import static dev.revoke.panama.Errno.ESPIPE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.kernel.Kernel;
import dev.revoke.kernel.PollFd;
import dev.revoke.kernel.Process;
import dev.revoke.panama.ErrnoException;
import dev.revoke.panama.NativeFd;
import dev.revoke.panama.Pipe;
import dev.revoke.panama.Posix;
import dev.revoke.panama.Sys;
import dev.revoke.panama.libc.Libc;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.DeviceNumber;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Devices that are not terminals: an eventfd, a pipe, a regular file. The
 * driver is the same; after a revocation they answer as FreeBSD's deadfs
 * (read EIO, write EIO, poll HUP plus the asked IN|RDNORM, ioctl ENOTTY).
 */
class NonTtyDeviceTest {
    private static final DeviceNumber NUMBER = new DeviceNumber(241, 0);
    private static final String NODE = "/dev/realdev0";

    private record Setup(Kernel kernel, RealFdDriver driver, Process process) {}

    private static Setup setup(RealFdDriver driver) {
        Kernel k = new Kernel();
        k.registerCharDevice(NUMBER, driver);
        assertEquals(0, k.mknod(NODE, 0666, 0, NUMBER));
        return new Setup(k, driver, k.spawn("user", 0));
    }

    private static byte[] counter(long v) {
        return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(v).array();
    }

    private static long counter(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getLong();
    }

    /** Each emulated open is a fresh eventfd: a counter the emulated process adds to and reads back. */
    @Test
    void eventfdDeviceCountsAndGoesDeadOnRevoke(TestReporter report) throws Exception {
        Setup s = setup(RealFdDriver.of(RealFdDriver.Kind.DEVICE, flags -> {
            int fd = Sys.eventfd(0, Libc.EFD_CLOEXEC());
            if (fd < 0) {
                throw new ErrnoException(-fd, "eventfd", "");
            }
            return NativeFd.adopt(fd);
        }));
        Process p = s.process();
        int fd = p.open(NODE, Abi.O_RDWR);
        assertTrue(fd >= 0);
        assertEquals(8, p.write(fd, counter(3)));
        assertEquals(8, p.write(fd, counter(4)));
        byte[] buf = new byte[8];
        assertEquals(8, p.read(fd, buf));
        assertEquals(7, counter(buf));

        // The counter is 0 now: a blocking read sleeps in poll(2) until the revocation.
        CompletableFuture<Integer> tid = new CompletableFuture<>();
        long[] out = new long[2];
        Thread reader = Thread.ofPlatform().daemon().name("eventfd-reader").start(() -> {
            tid.complete(Sys.gettid());
            out[0] = p.read(fd, new byte[8]);
            out[1] = System.nanoTime();
        });
        Io.awaitInPoll(tid.get(Io.TIMEOUT_MS, TimeUnit.MILLISECONDS));
        long[] revokedAt = new long[1];
        assertEquals(0, Io.revoke(p, NODE, revokedAt));
        Io.join(reader);
        long micros = (out[1] - revokedAt[0]) / 1000;
        report.publishEntry("eventfd-read-revoke-wake-micros", Long.toString(micros));
        assertEquals(EIO.negative(), out[0], "a read woken by the revocation of a non-tty is EIO");
        assertTrue(micros < 1_000_000, "woken after " + micros + " us");

        assertDeadfs(p, fd);
        assertEquals(0, p.close(fd));
        assertEquals(0, s.driver().liveFiles());
        assertEquals(s.driver().realFdsOpened(), s.driver().realFdsClosed());
    }

    private static void assertDeadfs(Process p, int fd) {
        assertEquals(EIO.negative(), p.read(fd, new byte[8]));
        assertEquals(EIO.negative(), p.write(fd, counter(1)));
        PollFd[] pfd = {new PollFd(fd, Abi.POLLIN | Abi.POLLOUT)};
        assertEquals(1, p.poll(pfd, -1));
        assertEquals(Abi.POLLHUP | Abi.POLLIN, pfd[0].revents);
        assertEquals(ENOTTY.negative(), p.ioctl(fd, Abi.FIONREAD, new int[1]));
        assertEquals(ESPIPE.negative(), p.lseek(fd, 0, Abi.SEEK_SET));
    }

    /**
     * Each emulated open reopens the read end of a real pipe through
     * /proc/self/fd (a new open file description on the same pipe); the
     * test writes the other end. An emulated poll parked on the empty pipe
     * is woken by the readiness watcher when data arrives.
     */
    @Test
    void pipeDeviceReadsWhatTheRealWriterWrites() throws Exception {
        try (Pipe pipe = Posix.pipe2(Libc.O_CLOEXEC())) {
            String readEnd = "/proc/self/fd/" + pipe.readEnd().raw();
            Setup s = setup(RealFdDriver.of(RealFdDriver.Kind.DEVICE,
                    flags -> Posix.open(readEnd, Abi.O_RDONLY | Abi.O_CLOEXEC | Abi.O_NONBLOCK)));
            Process p = s.process();
            int fd = p.open(NODE, Abi.O_RDONLY);
            assertTrue(fd >= 0);

            PollFd[] pfd = {new PollFd(fd, Abi.POLLIN)};
            int[] ready = {-1};
            Thread poller = Thread.ofPlatform().daemon().name("pipe-poller").start(() -> ready[0] = p.poll(pfd, Io.TIMEOUT_MS));
            Io.awaitParked(poller);
            byte[] abc = Io.bytes("abc");
            Posix.writeFully(pipe.writeEnd().raw(), abc, 0, abc.length);
            Io.join(poller);
            assertEquals(1, ready[0]);
            assertEquals(Abi.POLLIN, pfd[0].revents);

            byte[] buf = new byte[16];
            assertEquals(3, p.read(fd, buf));
            assertEquals("abc", Io.string(buf, 3));

            assertEquals(0, p.revoke(NODE));
            assertEquals(EIO.negative(), p.read(fd, buf));
            assertEquals(0, p.close(fd));
            assertEquals(0, s.driver().liveFiles());
            assertTrue(Io.fdTarget(pipe.readEnd().raw()).startsWith("pipe:"), "the test's own read end is untouched");
        }
    }

    /** A regular file: always ready, reads from the real file's own offset. */
    @Test
    void regularFileDevice(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data");
        Files.writeString(file, "contents");
        Setup s = setup(RealFdDriver.opening(file.toString(), RealFdDriver.Kind.DEVICE));
        Process p = s.process();
        int fd = p.open(NODE, Abi.O_RDWR);
        assertTrue(fd >= 0);
        PollFd[] pfd = {new PollFd(fd, Abi.POLLIN)};
        assertEquals(1, p.poll(pfd, -1));
        byte[] buf = new byte[32];
        assertEquals(8, p.read(fd, buf));
        assertEquals("contents", Io.string(buf, 8));
        assertEquals(0, p.read(fd, buf), "end of file");
        assertEquals(0, p.revoke(NODE));
        assertDeadfs(p, fd);
        p.exit(0);
        assertEquals(0, s.driver().liveFiles());
    }
}
