package dev.revoke.kernel;

import static dev.revoke.vfs.Abi.O_RDONLY;
import static dev.revoke.vfs.Abi.O_RDWR;
import static dev.revoke.vfs.Abi.O_CLOEXEC;
import static dev.revoke.vfs.Abi.SEEK_CUR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.panama.Errno;

import java.util.List;

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
}
