package dev.revoke.kernel;

import static dev.revoke.mechanism.LatchesBridge.awaitBlocked;
import static dev.revoke.mechanism.LatchesBridge.join;
import static dev.revoke.vfs.Abi.FIONREAD;
import static dev.revoke.vfs.Abi.O_RDWR;
import static dev.revoke.vfs.Abi.POLLHUP;
import static dev.revoke.vfs.Abi.POLLIN;
import static dev.revoke.vfs.Abi.POLLOUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.panama.Errno;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * revoke(2) through the syscall layer: sleepers in several processes,
 * aliases of one device (Viro's point 6), opens racing the revoke (point 5),
 * mappings (point 4).
 */
class RevokePathTest {
    private final TestSystem sys = new TestSystem();

    @Test
    void readersAndPollersInSeveralProcessesAreWokenThroughEitherAlias() throws Exception {
        List<Thread> sleepers = new ArrayList<>();
        List<AtomicLong> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Process p = sys.kernel.spawn("reader" + i, TestSystem.BOB);
            String path = i % 2 == 0 ? "/dev/ttyF0" : "/dev/fifo-alias";
            int fd = p.open(path, O_RDWR);
            AtomicLong r = new AtomicLong(Long.MIN_VALUE);
            results.add(r);
            Thread t = i < 2
                    ? new Thread(() -> r.set(p.read(fd, new byte[8])), "read-" + i)
                    : new Thread(() -> { PollFd[] f = {new PollFd(fd, POLLIN)}; p.poll(f, -1); r.set(f[0].revents); }, "poll-" + i);
            t.start();
            sleepers.add(t);
        }
        sleepers.forEach(t -> awaitBlocked(t));
        Process owner = sys.kernel.spawn("owner", TestSystem.ALICE);
        assertEquals(0, owner.revoke("/dev/fifo-alias"));
        sleepers.forEach(t -> join(t));
        assertEquals(Errno.EIO.negative(), results.get(0).get(), "a reader woken by the revoke fails as deadfs reads do");
        assertEquals(Errno.EIO.negative(), results.get(1).get());
        assertEquals(POLLHUP | POLLIN, results.get(2).get(), "deadfs poll: HUP and the IN asked for");
        assertEquals(POLLHUP | POLLIN, results.get(3).get());
        assertEquals(0, sys.fifo.generation().attachedCount());
        assertEquals(2, sys.fifo.generationNumber());
    }

    @Test
    void aRevokedFileAnswersAsDeadfsAndNewOpensGetTheFreshGeneration() {
        Process p = sys.kernel.spawn("p", TestSystem.ALICE);
        int old = p.open("/dev/ttyF0", O_RDWR);
        assertEquals(0, p.revoke("/dev/ttyF0"));
        assertEquals(Errno.EIO.negative(), p.read(old, new byte[1]));
        assertEquals(Errno.EIO.negative(), p.write(old, "x".getBytes()));
        assertEquals(Errno.ENOTTY.negative(), p.ioctl(old, FIONREAD, new int[1]));
        PollFd[] f = {new PollFd(old, POLLIN | POLLOUT)};
        assertEquals(1, p.poll(f, 0));
        assertEquals(POLLHUP | POLLIN, f[0].revents);
        assertEquals(0, p.close(old), "close of a revoked file succeeds and releases nothing twice");

        int fresh = p.open("/dev/fifo-alias", O_RDWR);
        assertEquals(3, p.write(fresh, "abc".getBytes()));
        byte[] buf = new byte[3];
        assertEquals(3, p.read(fresh, buf));
        assertEquals("abc", new String(buf));
    }

    @Test
    void anOpenRacingARevokeEndsReleasedByItOrOnTheNewGenerationNeverBoth() throws Exception {
        Process opener = sys.kernel.spawn("opener", TestSystem.ALICE);
        Process revoker = sys.kernel.spawn("revoker", TestSystem.ALICE);
        CyclicBarrier start = new CyclicBarrier(2);
        int released = 0;
        int survived = 0;
        for (int round = 0; round < 2_000; round++) {
            CharDevice dev = sys.fifo;
            int before = dev.generationNumber();
            int[] fd = new int[1];
            Thread a = new Thread(() -> { await(start); fd[0] = opener.open("/dev/ttyF0", O_RDWR); });
            Thread b = new Thread(() -> { await(start); revoker.revoke("/dev/fifo-alias"); });
            a.start();
            b.start();
            join(a);
            join(b);
            assertTrue(fd[0] >= 0, "open failed: " + fd[0]);
            long r = opener.write(fd[0], "x".getBytes());
            if (r == Errno.EIO.negative()) {
                released++;
                assertEquals(before + 1, dev.generationNumber(), "one revoke, one new generation");
            } else {
                assertEquals(1, r);
                survived++;
                assertEquals(1, dev.generation().attachedCount(), "the survivor is attached to the new generation only");
            }
            opener.close(fd[0]);
            assertEquals(0, dev.generation().attachedCount(), "leaked an attachment in round " + round);
        }
        assertEquals(2_000, released + survived);
    }

    @Test
    void aMappingOfARevokedDeviceIsZappedAndTheNextAccessGetsSigbus() {
        Process p = sys.kernel.spawn("p", TestSystem.ALICE);
        int fd = p.open("/dev/ttyF0", O_RDWR);
        p.write(fd, "hello".getBytes());
        long addr = p.mmap(fd, 4096, 0);
        assertTrue(addr > 0);
        assertEquals('h', p.load(addr, 0));
        p.close(fd);
        assertEquals('e', p.load(addr, 1), "the mapping keeps the file open after close");
        assertEquals(0, p.revoke("/dev/ttyF0"));
        assertEquals(Errno.EFAULT.negative(), p.load(addr, 0));
        assertEquals(List.of(Signal.SIGBUS), p.signals());
        assertEquals(0, p.munmap(addr));
        assertTrue(p.mmap(p.open("/dev/ttyF0", O_RDWR), 4096, 0) > 0, "the fresh generation maps again");
    }

    @Test
    void aMappingOfAPlainFileOutlivesItsDescriptor() {
        Process p = sys.kernel.spawn("p", TestSystem.ALICE);
        int fd = p.open("/etc/motd", dev.revoke.vfs.Abi.O_RDONLY);
        long addr = p.mmap(fd, 4096, 0);
        p.close(fd);
        assertEquals('h', p.load(addr, 0));
        assertEquals(Errno.EFAULT.negative(), p.load(addr, 4000), "past the end of the file");
        assertEquals(List.of(Signal.SIGBUS), p.signals());
    }

    @Test
    void aRevokeFromANonOwnerIsRefusedAndRevokesNothing() {
        Process owner = sys.kernel.spawn("owner", TestSystem.ALICE);
        Process bob = sys.kernel.spawn("bob", TestSystem.BOB);
        int fd = owner.open("/dev/ttyF0", O_RDWR);
        assertEquals(Errno.EPERM.negative(), bob.revoke("/dev/ttyF0"));
        assertEquals(1, owner.write(fd, "x".getBytes()));
        assertEquals(0, sys.kernel.init().revoke("/dev/ttyF0"), "root may revoke anything");
        assertEquals(Errno.EIO.negative(), owner.write(fd, "x".getBytes()));
    }

    private static void await(CyclicBarrier b) {
        try {
            b.await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
