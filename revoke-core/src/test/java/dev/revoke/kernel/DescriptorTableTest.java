package dev.revoke.kernel;

import static dev.revoke.vfs.Abi.O_RDONLY;
import static dev.revoke.vfs.Abi.O_RDWR;
import static dev.revoke.vfs.Abi.O_CLOEXEC;
import static dev.revoke.vfs.Abi.O_NONBLOCK;
import static dev.revoke.vfs.Abi.SEEK_CUR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.panama.Errno;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** fd-table invariants under dup, dup2, fork and exit: shared open files, lowest free slot, release on the last close. */
class DescriptorTableTest {
    private final TestSystem sys = new TestSystem();
    private final Process p = sys.kernel.spawn("p", TestSystem.ALICE);

    @Test
    void theLowestFreeDescriptorIsTaken() {
        assertEquals(3, p.open("/etc/motd", O_RDONLY));
        assertEquals(4, p.open("/etc/motd", O_RDONLY));
        assertEquals(0, p.close(3));
        assertEquals(3, p.open("/etc/motd", O_RDONLY));
        assertEquals(5, p.dup(3));
    }

    @Test
    void dupSharesTheOpenFileAndItsPosition() {
        int fd = p.open("/etc/motd", O_RDONLY);
        int copy = p.dup(fd);
        assertEquals(5, p.read(fd, new byte[5]));
        assertEquals(5, p.lseek(copy, 0, SEEK_CUR), "dup'ed descriptors share one position");
        assertEquals(0, p.close(fd));
        assertEquals(8, p.read(copy, new byte[64]), "the file stays open through the copy");
    }

    @Test
    void dup2ClosesTheTargetAndClearsCloseOnExec() {
        int a = p.open("/etc/motd", O_RDONLY | O_CLOEXEC);
        int b = p.open("/etc/motd", O_RDONLY | O_CLOEXEC);
        assertTrue(p.isCloseOnExec(b));
        assertEquals(b, p.dup2(a, b));
        assertFalse(p.isCloseOnExec(b));
        assertEquals(3, p.read(b, new byte[3]));
        assertEquals(3, p.lseek(a, 0, SEEK_CUR), "b now names a's open file");
    }

    @Test
    void forkSharesOpenFilesAndExitClosesOnlyTheChildsReferences() throws Exception {
        int fd = p.open("/dev/ttyF0", O_RDWR);
        Process child = p.fork();
        assertEquals(p.openFds(), child.openFds());
        assertEquals(p.sessionId(), child.sessionId());
        assertEquals(p.pid(), child.ppid());
        assertEquals(1, sys.fifo.generation().attachedCount());
        child.exit(0);
        assertTrue(child.hasExited());
        assertEquals(1, sys.fifo.generation().attachedCount(), "the parent still holds the file");
        assertEquals(3, p.write(fd, "abc".getBytes()));
        p.close(fd);
        assertEquals(0, sys.fifo.generation().attachedCount(), "the last close released it");
    }

    @Test
    void exitReleasesEveryFileExactlyOnce() {
        for (int i = 0; i < 10; i++) {
            p.open("/dev/ttyF0", O_RDWR);
            p.dup(3);
        }
        Process child = p.fork();
        assertEquals(1, sys.fifo.generation().attachedCount() > 0 ? 1 : 0);
        p.exit(0);
        assertEquals(10, sys.fifo.generation().attachedCount());
        child.exit(0);
        assertEquals(0, sys.fifo.generation().attachedCount());
        assertEquals(List.of(), child.openFds());
    }

    @Test
    void aCloseWhileAnotherThreadReadsDefersTheReleaseToThatRead() throws Exception {
        int fd = p.open("/dev/ttyF0", O_RDWR);
        long[] got = new long[1];
        Thread reader = new Thread(() -> got[0] = p.read(fd, new byte[8]));
        reader.start();
        dev.revoke.mechanism.LatchesBridge.awaitBlocked(reader);
        assertEquals(0, p.close(fd));
        assertEquals(Errno.EBADF.negative(), p.read(fd, new byte[1]), "the descriptor is gone at once");
        assertEquals(1, sys.fifo.generation().attachedCount(), "released under a running read");
        int writer = p.open("/dev/ttyF0", O_RDWR);
        p.write(writer, "x".getBytes());
        reader.join(10_000);
        assertEquals(1, got[0]);
        assertEquals(1, sys.fifo.generation().attachedCount(), "only the writer is left");
    }

    /** What the lock-free lookup rests on: a file whose count reached zero gives no new reference. */
    @Test
    void aReleasedFileCannotBeTakenAgain() {
        int fd = p.open("/dev/ttyF0", O_RDWR);
        dev.revoke.vfs.OpenFile f = p.peekFile(fd);
        assertTrue(f.tryGet(), "an open file gives references");
        f.put();
        assertEquals(0, p.close(fd));
        assertEquals(0, sys.fifo.generation().attachedCount(), "the close released it");
        assertFalse(f.tryGet(), "a released file stays released");
    }

    /**
     * The descriptor lookup takes no lock: calls racing close, reopen,
     * dup2 and the table's growth must each find the file that is there or
     * EBADF, never one already released (which would answer EIO, as a
     * revoked fifo does), and every file must still be released once. A
     * smoke test: the window it aims at is a few instructions wide.
     */
    @Test
    void callsRacingCloseAndReopenNeverReachAReleasedFile() throws Exception {
        int fd = p.open("/dev/ttyF0", O_RDWR | O_NONBLOCK);
        int high = 200;
        AtomicBoolean stop = new AtomicBoolean();
        Set<Long> answers = ConcurrentHashMap.newKeySet();
        Thread[] readers = new Thread[2];
        for (int i = 0; i < readers.length; i++) {
            int target = i == 0 ? fd : high;
            readers[i] = new Thread(() -> {
                byte[] b = new byte[1];
                while (!stop.get()) {
                    answers.add(p.read(target, b));
                }
            });
            readers[i].start();
        }
        for (int round = 0; round < 20_000; round++) {
            assertEquals(0, p.close(fd));
            assertEquals(fd, p.open("/dev/ttyF0", O_RDWR | O_NONBLOCK));
            assertEquals(high + round % 50, p.dup2(fd, high + round % 50));
            if (round % 50 == 49) {
                for (int h = high; h < high + 50; h++) {
                    p.close(h);
                }
            }
        }
        stop.set(true);
        for (Thread r : readers) {
            r.join(10_000);
        }
        assertEquals(Set.of(), answers.stream()
                .filter(a -> a != Errno.EAGAIN.negative() && a != Errno.EBADF.negative()).collect(java.util.stream.Collectors.toSet()),
                "only EAGAIN (an empty fifo) and EBADF (not open at that moment)");
        p.exit(0);
        assertEquals(0, sys.fifo.generation().attachedCount(), "every file released");
    }
}
