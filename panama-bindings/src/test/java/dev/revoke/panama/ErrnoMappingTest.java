package dev.revoke.panama;

import dev.revoke.panama.libc.Libc;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Real failures, checked for the right errno in both the -errno and the exception form. */
class ErrnoMappingTest {
    private static final int ITERATIONS = 20_000;

    @Test
    void readOnAnInvalidOrClosedFdIsEbadf() throws ErrnoException {
        byte[] buf = new byte[8];
        assertEquals(Errno.EBADF.negative(), Sys.read(-1, buf, 0, buf.length));

        // A closed number: parked high, where nothing else in the JVM will open a file meanwhile.
        try (Pipe pipe = Posix.pipe2(Libc.O_CLOEXEC())) {
            int high = Posix.dup3(pipe.readEnd().raw(), 1000, Libc.O_CLOEXEC());
            assertEquals(1000, high);
            Posix.close(high);
        }
        assertEquals(Errno.EBADF.negative(), Sys.read(1000, buf, 0, buf.length));
        ErrnoException e = assertThrows(ErrnoException.class, () -> Posix.read(1000, buf, 0, buf.length));
        assertEquals(Errno.EBADF.number(), e.errno());
        assertEquals("EBADF", e.errnoName());
        assertSame(Errno.EBADF, e.error());
        assertEquals("read", e.call());
        assertEquals("fd 1000", e.target());
        assertEquals("read fd 1000: Bad file descriptor (EBADF)", e.getMessage());
    }

    @Test
    void winsizeOnAPipeIsEnotty() throws ErrnoException {
        try (Pipe pipe = Posix.pipe2(Libc.O_CLOEXEC()); Arena arena = Arena.ofConfined()) {
            int fd = pipe.readEnd().raw();
            assertEquals(Errno.ENOTTY.negative(), Sys.getWinSize(fd, arena.allocate(8)));
            ErrnoException e = assertThrows(ErrnoException.class, () -> Posix.getWinSize(fd));
            assertSame(Errno.ENOTTY, e.error());
            assertEquals("ioctl(TIOCGWINSZ) fd " + fd + ": Inappropriate ioctl for device (ENOTTY)", e.getMessage());
        }
    }

    @Test
    void emptyNonBlockingPipeIsEagain() throws ErrnoException {
        try (Pipe pipe = Posix.pipe2(Libc.O_NONBLOCK() | Libc.O_CLOEXEC()); Arena arena = Arena.ofConfined()) {
            int fd = pipe.readEnd().raw();
            assertEquals(Errno.EAGAIN.negative(), Sys.read(fd, arena.allocate(16)));
            ErrnoException e = assertThrows(ErrnoException.class, () -> Posix.read(fd, new byte[16], 0, 16));
            assertSame(Errno.EAGAIN, e.error());
        }
    }

    @Test
    void emptyNonBlockingPtyIsEagain() throws ErrnoException {
        try (Pty pty = Pty.open(Libc.O_NONBLOCK(), Libc.O_NONBLOCK())) {
            byte[] buf = new byte[16];
            assertEquals(Errno.EAGAIN.negative(), Sys.read(pty.slave().raw(), buf, 0, buf.length));
            assertEquals(Errno.EAGAIN.negative(), Sys.read(pty.master().raw(), buf, 0, buf.length));
        }
    }

    @Test
    void openOfAMissingPathIsEnoentWithThePathInTheMessage() {
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> Posix.open("/dev/revoke-no-such-device", Libc.O_RDWR()));
        assertSame(Errno.ENOENT, e.error());
        assertEquals("/dev/revoke-no-such-device", e.target());
        assertEquals("open /dev/revoke-no-such-device: No such file or directory (ENOENT)", e.getMessage());
    }

    @Test
    void dup3OntoItselfIsEinval() throws ErrnoException {
        try (Pipe pipe = Posix.pipe2(Libc.O_CLOEXEC())) {
            int fd = pipe.readEnd().raw();
            assertEquals(Errno.EINVAL.negative(), Sys.dup3(fd, fd, Libc.O_CLOEXEC()));
            assertEquals(fd, Sys.dup2(fd, fd), "dup2 onto itself is a no-op, unlike dup3");
        }
    }

    @Test
    void eachThreadSeesItsOwnErrno() throws Exception {
        // Thread A fails with EBADF while thread B fails with ENOTTY, in lockstep.
        // A shared capture area would hand one thread the other's errno.
        try (Pipe pipe = Posix.pipe2(Libc.O_CLOEXEC()); ExecutorService pool = Executors.newFixedThreadPool(2)) {
            int notATty = pipe.readEnd().raw();
            CyclicBarrier step = new CyclicBarrier(2);
            Future<Integer> a = pool.submit(() -> {
                MemorySegment buf = Arena.ofAuto().allocate(8);
                int wrong = 0;
                for (int i = 0; i < ITERATIONS; i++) {
                    if (i % 1000 == 0) {
                        step.await(10, TimeUnit.SECONDS);
                    }
                    if (Sys.read(-1, buf) != Errno.EBADF.negative()) {
                        wrong++;
                    }
                }
                return wrong;
            });
            Future<Integer> b = pool.submit(() -> {
                MemorySegment ws = Arena.ofAuto().allocate(8);
                int wrong = 0;
                for (int i = 0; i < ITERATIONS; i++) {
                    if (i % 1000 == 0) {
                        step.await(10, TimeUnit.SECONDS);
                    }
                    if (Sys.getWinSize(notATty, ws) != Errno.ENOTTY.negative()) {
                        wrong++;
                    }
                }
                return wrong;
            });
            assertEquals(0, a.get(60, TimeUnit.SECONDS), "thread A saw a foreign errno");
            assertEquals(0, b.get(60, TimeUnit.SECONDS), "thread B saw a foreign errno");
        }
    }

    @Test
    void theCaptureAreaIsOnePerThreadAndReused() throws Exception {
        MemorySegment mine = CallState.current().capture;
        Sys.read(-1, new byte[1], 0, 1);
        assertSame(mine, CallState.current().capture, "reused across calls");
        MemorySegment[] theirs = new MemorySegment[1];
        Thread t = Thread.ofPlatform().start(() -> theirs[0] = CallState.current().capture);
        t.join();
        assertNotSame(mine, theirs[0]);
    }
}
