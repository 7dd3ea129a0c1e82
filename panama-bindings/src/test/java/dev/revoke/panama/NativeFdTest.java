package dev.revoke.panama;

import dev.revoke.panama.libc.Libc;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NativeFdTest {
    private static final int CLOSERS = 8;
    private static final int ROUNDS = 500;

    @Test
    void concurrentCloseClosesExactlyOnce() throws Exception {
        // A second close(2) of the same number fails EBADF (NativeFd turns that into
        // IllegalStateException), or - if the number was reused in between - closes
        // the reuser's file. Check both: no thread may fail, and the descriptor that
        // reuses the number right after must still work.
        try (ExecutorService pool = Executors.newFixedThreadPool(CLOSERS)) {
            int reused = 0;
            for (int round = 0; round < ROUNDS; round++) {
                NativeFd fd = Posix.eventfd(0, Libc.EFD_CLOEXEC() | Libc.EFD_NONBLOCK());
                int number = fd.raw();
                CyclicBarrier start = new CyclicBarrier(CLOSERS);
                List<Future<?>> closers = new ArrayList<>();
                for (int i = 0; i < CLOSERS; i++) {
                    closers.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        fd.close();
                        return null;
                    }));
                }
                for (Future<?> f : closers) {
                    f.get(10, TimeUnit.SECONDS); // rethrows a closer's exception
                }
                assertTrue(fd.isClosed());
                assertThrows(IllegalStateException.class, fd::raw);

                try (NativeFd next = Posix.eventfd(0, Libc.EFD_CLOEXEC() | Libc.EFD_NONBLOCK())) {
                    if (next.raw() == number) {
                        reused++;
                    }
                    Posix.eventfdWrite(next.raw(), 1);
                    assertEquals(1, Posix.eventfdRead(next.raw()), "the descriptor that took the number still works");
                }
            }
            // Linux hands out the lowest free number, so nearly every round reuses it.
            assertTrue(reused > ROUNDS / 2, "number reused in only " + reused + " of " + ROUNDS + " rounds");
        }
    }

    @Test
    void ptyOpenCloseLeaksNoDescriptors() throws Exception {
        for (int i = 0; i < 100; i++) { // warm up: class init, lazily opened JDK files
            Pty.open().close();
        }
        long before = openDescriptors();
        for (int i = 0; i < 10_000; i++) {
            try (Pty pty = Pty.open()) {
                if (i % 1000 == 0) {
                    Posix.setWinSize(pty.master().raw(), new WinSize(24, 80));
                }
            }
        }
        assertEquals(before, openDescriptors(), "/proc/self/fd count after 10,000 pty pairs");
    }

    @Test
    void eventfdCountsAndSignalsReadiness() throws ErrnoException {
        try (NativeFd efd = Posix.eventfd(0, Libc.EFD_CLOEXEC() | Libc.EFD_NONBLOCK())) {
            int fd = efd.raw();
            assertEquals(Errno.EAGAIN.negative(), Sys.eventfdRead(fd, new long[1]), "zero counter");
            assertEquals(0, Posix.poll(fd, Libc.POLLIN(), 0));
            Posix.eventfdWrite(fd, 3);
            Posix.eventfdWrite(fd, 4);
            assertTrue((Posix.poll(fd, Libc.POLLIN(), 0) & Libc.POLLIN()) != 0);
            assertEquals(7, Posix.eventfdRead(fd));
        }
    }

    @Test
    void dup2MakesASecondNameForTheSameFile() throws ErrnoException {
        try (Pipe pipe = Posix.pipe2(Libc.O_CLOEXEC()); NativeFd spare = Posix.eventfd(0, Libc.EFD_CLOEXEC())) {
            // spare's number now names the pipe's write end
            assertEquals(spare.raw(), Posix.dup2(pipe.writeEnd().raw(), spare.raw()));
            TestIo.writeAll(spare, "via dup2");
            assertEquals("via dup2", TestIo.readExactly(pipe.readEnd(), 8));
        }
    }

    @Test
    void adoptRejectsNegativeNumbers() {
        assertThrows(IllegalArgumentException.class, () -> NativeFd.adopt(-1));
    }

    @Test
    void closeIsIdempotent() throws ErrnoException {
        NativeFd fd = Posix.eventfd(0, Libc.EFD_CLOEXEC());
        fd.close();
        fd.close();
        assertTrue(fd.isClosed());
        assertFalse(fd.toString().isEmpty());
    }

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
