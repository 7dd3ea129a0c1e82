package dev.revoke.panama;

import dev.revoke.panama.libc.Libc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The kernel's own revoke of a tty, TIOCVHANGUP, seen from a reader already
 * asleep in read(2): the behaviour revoke(2) generalises.
 */
class HangupTest {
    /** The read(2) syscall number, as /proc/PID/task/TID/syscall prints it. */
    private static final String READ_SYSCALL = switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> "0";
        case "aarch64" -> "63";
        default -> throw new IllegalStateException("add read's syscall number for " + System.getProperty("os.arch"));
    };

    @Test
    void vhangupWakesABlockedReaderWithEofAndPoisonsTheSlave(TestReporter report) throws Exception {
        assumeTrue(Sys.geteuid() == 0,
                "TIOCVHANGUP needs CAP_SYS_ADMIN; running as euid " + Sys.geteuid() + ", not root - skipped (CI runs as root)");

        try (Pty pty = Pty.open()) {
            int slave = pty.slave().raw();
            CompletableFuture<Integer> readerTid = new CompletableFuture<>();
            long[] returnedAt = new long[1];
            long[] result = new long[1];
            Thread reader = Thread.ofPlatform().name("blocked-reader").start(() -> {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment buf = arena.allocate(64);
                    readerTid.complete(Sys.gettid());
                    result[0] = Sys.read(slave, buf);
                    returnedAt[0] = System.nanoTime();
                }
            });

            int tid = readerTid.get(5, TimeUnit.SECONDS);
            awaitBlockedInRead(tid);
            assertTrue(reader.isAlive());

            long hungUpAt = System.nanoTime();
            Posix.vhangup(slave);
            reader.join(TimeUnit.SECONDS.toMillis(5));
            assertTrue(!reader.isAlive(), "reader still blocked 5 s after TIOCVHANGUP");

            long wakeMicros = (returnedAt[0] - hungUpAt) / 1_000;
            report.publishEntry("vhangup-wake-micros", Long.toString(wakeMicros));
            System.out.println("TIOCVHANGUP woke the blocked reader after " + wakeMicros + " us");
            assertEquals(0, result[0], "read after hangup is EOF");
            assertTrue(wakeMicros < 2_000_000, "reader took " + wakeMicros + " us to wake");

            byte[] one = {'x'};
            assertEquals(Errno.EIO.negative(), Sys.write(slave, one, 0, 1), "write on a hung-up tty");
            assertEquals(0, Sys.read(slave, one, 0, 1), "read stays at EOF");

            int want = Libc.POLLIN() | Libc.POLLOUT() | Libc.POLLERR() | Libc.POLLHUP();
            int revents = Posix.poll(slave, Libc.POLLIN() | Libc.POLLOUT(), 0);
            assertEquals(want, revents & want, "revents 0x" + Integer.toHexString(revents));
        }
    }

    /** Waits until the task is asleep inside read(2), not merely about to call it. */
    private static void awaitBlockedInRead(int tid) throws IOException, InterruptedException {
        Path syscall = Path.of("/proc/self/task/" + tid + "/syscall");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String last = "";
        while (System.nanoTime() < deadline) {
            last = Files.readString(syscall).trim();
            if (last.startsWith(READ_SYSCALL + " ")) {
                return;
            }
            Thread.sleep(1);
        }
        fail("reader thread " + tid + " never blocked in read(2); last " + syscall + ": " + last);
    }
}
