package dev.revoke.procfs;

import static dev.revoke.panama.Errno.EINVAL;
import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.ENOENT;
import static dev.revoke.panama.Errno.ENOTEMPTY;
import static dev.revoke.panama.Errno.ENOTTY;
import static dev.revoke.panama.Errno.EPERM;
import static dev.revoke.procfs.Sync.await;
import static dev.revoke.procfs.Sync.awaitBlocked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.kernel.Kernel;
import dev.revoke.kernel.PollFd;
import dev.revoke.kernel.Process;
import dev.revoke.vfs.Abi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/**
 * The procfs-entry removal suite: what someone changing the revocation
 * mechanism runs first. Each test is written so that it fails, or hangs
 * into a bounded wait that fails, if the guarantee it names breaks.
 */
class ProcRemovalTest {
    private static final int RACE_ROUNDS = 3_000;

    private final Kernel kernel = new Kernel();
    private final ProcFs fs = ProcFs.mount(kernel);
    private final Process init = kernel.init();

    private static final int ALL_POLL = Abi.POLLIN | Abi.POLLOUT | Abi.POLLRDNORM | Abi.POLLWRNORM;

    private int pollOnce(Process p, int fd) {
        PollFd[] pfd = {new PollFd(fd, ALL_POLL)};
        int n = p.poll(pfd, 0);
        assertTrue(n >= 0, "poll failed: " + n);
        return pfd[0].revents;
    }

    @Test
    void removalWithNoOpeners() {
        CountingOps ops = new CountingOps();
        int before = fs.entryCount();
        ProcEntry e = fs.create("driver/foo", 0444, ops);
        assertEquals(before + 1, fs.entryCount());

        Removal rm = fs.remove("driver/foo");

        assertTrue(rm.clean(), rm.toString());
        assertEquals(List.of("/proc/driver/foo"), rm.entries());
        assertEquals(0, rm.filesReleased());
        assertEquals(ProcEntry.State.DEAD, e.state());
        assertTrue(e.revokable().isRevoked());
        assertNull(fs.entry("driver/foo"));
        assertEquals(ENOENT.negative(), init.open("/proc/driver/foo", Abi.O_RDONLY));
        assertEquals(before, fs.entryCount());
        assertEquals(0, ops.releases.get());
        assertEquals(ENOENT.negative(), fs.remove("driver/foo").status(), "removed twice");
        // The name is free again.
        assertNotNull(fs.create("driver/foo", 0444, new CountingOps()));
    }

    @Test
    void removalWithIdleOpenersReleasesEachOnceAndLeavesProcfsResults() {
        CountingOps ops = new CountingOps();
        ProcEntry e = fs.create("driver/idle", 0666, ops);
        Process other = kernel.spawn("other", 0);
        int a = init.open("/proc/driver/idle", Abi.O_RDWR);
        int b = init.open("/proc/driver/idle", Abi.O_RDWR);
        int aDup = init.dup(a);
        int c = other.open("/proc/driver/idle", Abi.O_RDWR);
        Process child = other.fork();
        assertTrue(a >= 0 && b >= 0 && aDup >= 0 && c >= 0);
        long mapped = init.mmap(a, 4096, 0);
        assertTrue(mapped >= 0, "mmap while live: " + mapped);
        byte[] buf = new byte[8];
        // Live: the entry's own methods.
        assertEquals(1, init.read(b, buf));
        assertEquals(3, init.write(b, new byte[3]));
        assertEquals(0, init.lseek(b, 0, Abi.SEEK_SET));
        assertEquals(0, init.ioctl(b, Abi.TCGETS, null));
        assertEquals(3, e.openers());

        Removal rm = fs.remove("driver/idle");

        assertTrue(rm.clean(), rm.toString());
        assertEquals(3, rm.filesReleased(), "three open files (a dup and a fork share one)");
        assertEquals(3, ops.releases.get());
        ops.assertEachReleasedOnce();
        assertEquals(0, e.openers());
        for (Process p : List.of(init, other, child)) {
            for (int fd : p == init ? List.of(a, b, aDup) : List.of(c)) {
                assertEquals(EIO.negative(), p.read(fd, buf), "read");
                assertEquals(EIO.negative(), p.write(fd, buf), "write");
                assertEquals(EINVAL.negative(), p.lseek(fd, 0, Abi.SEEK_SET), "lseek");
                assertEquals(ALL_POLL, pollOnce(p, fd), "poll");
                assertEquals(ENOTTY.negative(), p.ioctl(fd, Abi.TCGETS, null), "ioctl");
                assertEquals(EIO.negative(), p.mmap(fd, 4096, 0), "mmap");
            }
        }
        assertEquals('h', init.load(mapped, 0), "an old mapping is kept");
        assertEquals(ENOENT.negative(), init.open("/proc/driver/idle", Abi.O_RDONLY));

        for (int fd : List.of(a, b, aDup)) {
            assertEquals(0, init.close(fd));
        }
        assertEquals(0, other.close(c));
        child.exit(0);
        assertEquals(0, init.munmap(mapped));
        assertEquals(3, ops.releases.get(), "a close after the removal releases nothing again");
        ops.assertEachReleasedOnce();
    }

    @Test
    void removalWaitsExactlyUntilTheReaderInFlightReturns() {
        CountDownLatch inRead = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        CountingOps ops = new CountingOps() {
            @Override
            public long read(ProcHandle h, byte[] buf, int off, int len) {
                inRead.countDown();
                await(letGo);
                buf[off] = 'y';
                return 1;
            }
        };
        ProcEntry e = fs.create("driver/slow", 0444, ops);
        int fd = init.open("/proc/driver/slow", Abi.O_RDONLY);
        byte[] buf = new byte[4];
        AtomicLong got = new AtomicLong();
        Sync.Started reader = Sync.start("reader", () -> got.set(init.read(fd, buf)));
        await(inRead);

        AtomicReference<Removal> rm = new AtomicReference<>();
        Sync.Started remover = Sync.start("remover", () -> rm.set(fs.remove("driver/slow")));
        awaitBlocked(remover.thread);

        assertEquals(Thread.State.WAITING, remover.thread.getState(), "the remover waits for the read");
        assertNull(rm.get());
        assertEquals(0, ops.releases.get(), "released while its read was running");
        assertEquals(ProcEntry.State.UNLINKED, e.state());
        assertEquals(ENOENT.negative(), init.open("/proc/driver/slow", Abi.O_RDONLY), "the name goes first");
        assertEquals(EIO.negative(), init.read(fd, new byte[1]), "new calls are refused while the old one drains");

        letGo.countDown();
        remover.join();
        reader.join();
        assertEquals(1, got.get(), "the read in flight finishes normally");
        assertEquals('y', buf[0]);
        assertEquals(1, rm.get().filesReleased());
        assertTrue(rm.get().drainNanos() > 0);
        assertEquals(1, ops.releases.get());
        assertEquals(ProcEntry.State.DEAD, e.state());
        assertEquals(EIO.negative(), init.read(fd, buf));
        assertEquals(0, init.close(fd));
        assertEquals(1, ops.releases.get());
    }

    @Test
    void removalWaitsForAnOpenInFlightThenReleasesWhatItOpened() {
        CountDownLatch inOpen = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        CountingOps ops = new CountingOps() {
            @Override
            public int open(ProcHandle h) {
                inOpen.countDown();
                await(letGo);
                return super.open(h);
            }
        };
        ProcEntry e = fs.create("driver/opening", 0444, ops);
        AtomicInteger fd = new AtomicInteger();
        Sync.Started opener = Sync.start("opener", () -> fd.set(init.open("/proc/driver/opening", Abi.O_RDONLY)));
        await(inOpen);
        AtomicReference<Removal> rm = new AtomicReference<>();
        Sync.Started remover = Sync.start("remover", () -> rm.set(fs.remove("driver/opening")));
        awaitBlocked(remover.thread);
        assertNull(rm.get(), "the removal returned while an open was inside ->open");

        letGo.countDown();
        opener.join();
        remover.join();
        assertTrue(fd.get() >= 0, "the open that got in completes: " + fd.get());
        assertEquals(1, rm.get().filesReleased(), "and the rundown releases what it opened");
        ops.assertEachReleasedOnce();
        assertEquals(0, e.openers());
        assertEquals(EIO.negative(), init.read(fd.get(), new byte[1]));
        assertEquals(0, init.close(fd.get()));
        ops.assertEachReleasedOnce();
    }

    @Test
    void removalKicksAReaderAsleepInKmsg() {
        int fd = init.open("/proc/kmsg", Abi.O_RDONLY);
        assertTrue(fd >= 0);
        AtomicLong got = new AtomicLong(Long.MIN_VALUE);
        Sync.Started reader = Sync.start("klogd", () -> got.set(init.read(fd, new byte[64])));
        awaitBlocked(reader.thread);
        assertEquals(Long.MIN_VALUE, got.get(), "kmsg read returned with no data");

        AtomicReference<Removal> rm = new AtomicReference<>();
        Sync.Started remover = Sync.start("remover", () -> rm.set(fs.remove("kmsg")));
        remover.join();
        reader.join();

        assertEquals(EIO.negative(), got.get(), "the woken read returns EIO");
        assertTrue(rm.get().clean());
        assertEquals(1, rm.get().filesReleased());
        fs.kmsg().log("after the removal");
        assertEquals(EIO.negative(), init.read(fd, new byte[64]));
        assertEquals(ENOENT.negative(), init.open("/proc/kmsg", Abi.O_RDONLY));
    }

    @Test
    void removalWakesAPollerAsleepOnKmsg() {
        int fd = init.open("/proc/kmsg", Abi.O_RDONLY);
        PollFd[] pfd = {new PollFd(fd, Abi.POLLIN)};
        AtomicInteger n = new AtomicInteger(Integer.MIN_VALUE);
        Sync.Started poller = Sync.start("poller", () -> n.set(init.poll(pfd, -1)));
        awaitBlocked(poller.thread);

        Removal rm = fs.remove("kmsg");
        poller.join();

        assertTrue(rm.clean());
        assertEquals(1, n.get());
        assertEquals(Abi.POLLIN, pfd[0].revents, "a removed procfs file polls ready");
    }

    @Test
    void closeRacingRemovalReleasesEachFileExactlyOnce() {
        int closerWon = 0;
        try (Sync.Racer racer = new Sync.Racer()) {
            for (int i = 0; i < RACE_ROUNDS; i++) {
                CountingOps ops = new CountingOps();
                ProcEntry e = fs.create("driver/race", 0444, ops);
                int raced = init.open("/proc/driver/race", Abi.O_RDONLY);
                int idle = init.open("/proc/driver/race", Abi.O_RDONLY);
                AtomicReference<Removal> rm = new AtomicReference<>();
                AtomicInteger closed = new AtomicInteger(1);
                racer.race(() -> closed.set(init.close(raced)), () -> rm.set(fs.remove("driver/race")));

                assertEquals(0, closed.get());
                assertTrue(rm.get().clean(), rm.get().toString());
                int released = rm.get().filesReleased();
                assertTrue(released == 1 || released == 2, "round " + i + ": removal released " + released);
                closerWon += 2 - released;
                assertEquals(2, ops.releases.get(), "round " + i);
                ops.assertEachReleasedOnce();
                assertEquals(0, e.openers());
                assertEquals(0, init.close(idle));
                ops.assertEachReleasedOnce();
            }
        }
        assertEquals(List.of(), init.openFds());
        System.out.println("close vs remove: the close released the file in " + closerWon + " of " + RACE_ROUNDS + " rounds");
    }

    @Test
    void openRacingRemovalEndsInEnoentOrAnOpenedThenReleasedFileNeverALeak() {
        int opened = 0;
        try (Sync.Racer racer = new Sync.Racer()) {
            for (int i = 0; i < RACE_ROUNDS; i++) {
                CountingOps ops = new CountingOps();
                ProcEntry e = fs.create("driver/race", 0444, ops);
                AtomicInteger fd = new AtomicInteger();
                AtomicReference<Removal> rm = new AtomicReference<>();
                racer.race(() -> fd.set(init.open("/proc/driver/race", Abi.O_RDONLY)), () -> rm.set(fs.remove("driver/race")));

                assertTrue(rm.get().clean());
                assertEquals(ProcEntry.State.DEAD, e.state());
                assertEquals(0, e.openers(), "round " + i + ": a file is still attached");
                if (fd.get() >= 0) {
                    opened++;
                    assertEquals(1, ops.opens.get());
                    assertEquals(1, ops.releases.get(), "round " + i + ": opened but not released by the rundown");
                    assertEquals(EIO.negative(), init.read(fd.get(), new byte[1]));
                    assertEquals(0, init.close(fd.get()));
                } else {
                    assertEquals(ENOENT.negative(), fd.get(), "round " + i);
                }
                ops.assertEachReleasedOnce();
            }
        }
        assertEquals(List.of(), init.openFds());
        System.out.println("open vs remove: the open got a file in " + opened + " of " + RACE_ROUNDS + " rounds");
    }

    @Test
    void subtreeRemovalRunsChildrenDownBeforeParentsAfterUnlinkingAll() {
        List<String> released = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean namesGoneFirst = new AtomicBoolean(true);
        AtomicBoolean parentsStillUp = new AtomicBoolean(true);
        AtomicReference<ProcEntry> top = new AtomicReference<>();
        ProcOps recording = new CountingOps() {
            @Override
            public void release(ProcHandle h) {
                super.release(h);
                ProcEntry me = h.entry();
                released.add(me.path());
                namesGoneFirst.compareAndSet(true, fs.entry("a") == null && fs.entry("a/b/c/z") == null && !me.isLive()
                        // a walk that reached /proc/a before the removal finds nothing in it either
                        && top.get().lookup("w", h.opener()) == null && top.get().lookup("b", h.opener()) == null);
                for (ProcEntry up = me.parent(); up != fs.root(); up = up.parent()) {
                    parentsStillUp.compareAndSet(true, up.state() == ProcEntry.State.UNLINKED);
                }
            }
        };
        int before = fs.entryCount();
        ProcEntry a = fs.mkdir("a");
        top.set(a);
        fs.create("a/x", 0444, recording);
        ProcEntry b = fs.mkdir("a/b");
        fs.create("a/b/y", 0444, recording);
        fs.mkdir("a/b/c");
        fs.create("a/b/c/z", 0444, recording);
        fs.create("a/w", 0444, recording);
        fs.symlink("a/b/link", "y");
        List<String> files = List.of("/proc/a/x", "/proc/a/b/y", "/proc/a/b/c/z", "/proc/a/w");
        List<Integer> fds = new ArrayList<>();
        for (String f : files) {
            fds.add(init.open(f, Abi.O_RDONLY));
        }

        Removal rm = fs.removeSubtree("a");

        assertTrue(rm.clean(), rm.toString());
        List<String> order = rm.entries();
        assertEquals(8, order.size(), order.toString());
        assertEquals("/proc/a", order.get(order.size() - 1));
        for (int i = 0; i < order.size(); i++) {
            for (int j = i + 1; j < order.size(); j++) {
                assertFalse(order.get(j).startsWith(order.get(i) + "/"),
                        order.get(i) + " was run down before its descendant " + order.get(j) + ": " + order);
            }
        }
        List<String> filesInRundownOrder = order.stream().filter(files::contains).toList();
        assertEquals(filesInRundownOrder, released, "each file is released during its own entry's rundown");
        assertTrue(namesGoneFirst.get(), "the whole subtree is unlinked before the first release");
        assertTrue(parentsStillUp.get(), "a parent was run down before its child's release");
        assertEquals(4, rm.filesReleased());
        for (int fd : fds) {
            assertEquals(EIO.negative(), init.read(fd, new byte[1]));
            assertEquals(0, init.close(fd));
        }
        assertEquals(before, fs.entryCount());
        assertEquals(0, a.childCount(), "a removed directory lets go of its children");
        assertEquals(0, b.childCount());
        assertEquals(ENOENT.negative(), init.open("/proc/a/b/c/z", Abi.O_RDONLY));
    }

    @Test
    void removingAPermanentEntryIsRefusedAndItKeepsWorking() {
        int fd = init.open("/proc/version", Abi.O_RDONLY);
        assertTrue(fd >= 0);
        ProcEntry version = fs.entry("version");
        assertTrue(version.isPermanent());
        assertNull(init.peekFile(fd).revoke(), "a permanent entry's file is not counted: no Revoke attached");
        assertEquals(0, version.openers());
        int entries = fs.entryCount();

        Removal rm = fs.remove("version");

        assertEquals(EPERM.negative(), rm.status());
        assertFalse(rm.ok());
        assertEquals(List.of(), rm.entries());
        assertSame(version, fs.entry("version"));
        assertTrue(version.isLive());
        assertEquals(entries, fs.entryCount());
        assertTrue(fs.kmsg().dmesg().contains("removing permanent /proc entry '/proc/version'"), fs.kmsg().dmesg());
        byte[] buf = new byte[256];
        assertTrue(new String(buf, 0, (int) init.read(fd, buf), StandardCharsets.UTF_8).startsWith("Linux version"));
        int again = init.open("/proc/version", Abi.O_RDONLY);
        assertTrue(again >= 0);
        assertEquals(EPERM.negative(), fs.remove("self").status());
        assertEquals(EPERM.negative(), fs.removeSubtree("uptime").status());
    }

    @Test
    void aSubtreeHoldingAPermanentEntryIsRefusedWhole() {
        CountingOps ops = new CountingOps();
        fs.mkdir("drv");
        fs.create("drv/normal", 0444, ops);
        fs.createSingle("drv/pinned", 0444, out -> out.print("pinned\n")).makePermanent();
        int fd = init.open("/proc/drv/normal", Abi.O_RDONLY);
        int entries = fs.entryCount();

        Removal rm = fs.removeSubtree("drv");

        assertEquals(EPERM.negative(), rm.status());
        assertEquals(entries, fs.entryCount());
        assertTrue(fs.entry("drv/normal").isLive(), "nothing is unlinked when the removal is refused");
        assertEquals(1, init.read(fd, new byte[1]));
        assertEquals(0, ops.releases.get());
        assertEquals(1, fs.entry("drv/normal").openers());
    }

    @Test
    void removalRefusalsAndMakePermanentMisuse() {
        CountingOps ops = new CountingOps();
        fs.mkdir("full");
        ProcEntry f = fs.create("full/f", 0444, ops);
        assertEquals(ENOTEMPTY.negative(), fs.remove("full").status(), "remove_proc_entry of a non-empty directory");
        assertTrue(f.isLive());
        assertEquals(ENOENT.negative(), fs.remove("nothing/here").status());
        assertEquals(ENOENT.negative(), fs.remove("full/../full").status(), "bad names find nothing");
        assertEquals(EINVAL.negative(), fs.remove("").status(), "the root stays");
        int fd = init.open("/proc/full/f", Abi.O_RDONLY);
        assertThrows(IllegalStateException.class, f::makePermanent, "made permanent while open");
        assertEquals(0, init.close(fd));
        assertTrue(fs.removeSubtree("full").ok());
        assertThrows(IllegalStateException.class, f::makePermanent, "made permanent after removal");
    }

    @Test
    void procPidVanishesOnExitWhileAnotherProcessReadsItsStatus() throws Exception {
        int entriesBefore = fs.entryCount();
        Process victim = kernel.spawn("victim", 1000);
        Process reader = kernel.spawn("reader", 0);
        String status = "/proc/" + victim.pid() + "/status";
        int fd = reader.open(status, Abi.O_RDONLY);
        assertTrue(fd >= 0, "open " + status + ": " + fd);

        CyclicBarrier go = new CyclicBarrier(2);
        List<String> passes = new ArrayList<>();
        AtomicReference<String> violation = new AtomicReference<>();
        AtomicInteger eios = new AtomicInteger();
        Sync.Started loop = Sync.start("status-reader", () -> {
            try {
                go.await(Sync.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            StringBuilder pass = new StringBuilder();
            byte[] buf = new byte[7];
            // Read status in 7-byte pieces, over and over, until the removal shows.
            while (eios.get() < 3) {
                long n = reader.read(fd, buf);
                if (n > 0) {
                    if (eios.get() > 0) {
                        violation.set("data after EIO");
                    }
                    pass.append(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
                } else if (n == 0) {
                    passes.add(pass.toString());
                    pass.setLength(0);
                    reader.lseek(fd, 0, Abi.SEEK_SET);
                } else if (n == EIO.negative()) {
                    eios.incrementAndGet();
                } else {
                    violation.set("read returned " + n);
                }
            }
        });
        go.await(Sync.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        victim.exit(0);
        assertEquals(EIO.negative(), reader.read(fd, new byte[8]), "after the exit returned");
        loop.join();

        assertNull(violation.get(), violation.get());
        for (String p : passes) {
            assertTrue(p.startsWith("Name:\tvictim\n") && p.contains("Pid:\t" + victim.pid() + "\n") && p.endsWith("\n"),
                    "a torn status: " + p);
        }
        assertEquals(ENOENT.negative(), reader.open(status, Abi.O_RDONLY));
        assertEquals(ENOENT.negative(), reader.open("/proc/" + victim.pid(), Abi.O_RDONLY));
        assertNull(fs.entry(String.valueOf(victim.pid())));
        assertEquals(0, reader.close(fd));
        reader.exit(0);
        assertEquals(entriesBefore, fs.entryCount(), "every /proc/PID entry is gone");
    }

    @Test
    void aFileOfAnExitedProcessReadsEioAfterward() {
        Process victim = kernel.spawn("victim", 0);
        int fd = init.open("/proc/" + victim.pid() + "/cmdline", Abi.O_RDONLY);
        byte[] buf = new byte[64];
        assertEquals("victim\0", new String(buf, 0, (int) init.read(fd, buf), StandardCharsets.UTF_8));
        ProcEntry cmdline = fs.entry(victim.pid() + "/cmdline");
        assertEquals(1, cmdline.openers());

        victim.exit(0);

        assertEquals(EIO.negative(), init.read(fd, buf));
        assertEquals(EINVAL.negative(), init.lseek(fd, 0, Abi.SEEK_SET));
        assertEquals(0, cmdline.openers());
        assertEquals(ProcEntry.State.DEAD, cmdline.state());
    }

    @Test
    void aThrowingReleaseIsReportedAndTheOtherFilesAreStillReleasedOnce() {
        CountingOps ops = new CountingOps() {
            @Override
            public void release(ProcHandle h) {
                super.release(h);
                if (perFile.indexOf(h.privateData()) == 1) {
                    throw new IllegalStateException("release of the second file fails");
                }
            }
        };
        ProcEntry e = fs.create("driver/flaky", 0444, ops);
        List<Integer> fds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            fds.add(init.open("/proc/driver/flaky", Abi.O_RDONLY));
        }

        Removal rm = fs.remove("driver/flaky");

        assertTrue(rm.ok());
        assertFalse(rm.clean());
        assertEquals(1, rm.failures().size());
        assertEquals("release of the second file fails", rm.failures().get(0).getMessage());
        assertEquals(3, rm.filesReleased(), "the failing file counts as released");
        ops.assertEachReleasedOnce();
        assertEquals(0, e.openers());
        assertEquals(ProcEntry.State.DEAD, e.state());
        for (int fd : fds) {
            assertEquals(EIO.negative(), init.read(fd, new byte[1]));
            assertEquals(0, init.close(fd), "the close finds the file released and does nothing");
        }
        ops.assertEachReleasedOnce();
    }

    @Test
    void tenThousandCreateOpenRemoveCyclesLeaveNothingBehind() {
        int entries = fs.entryCount();
        ProcEntry driver = fs.entry("driver");
        int rootChildren = fs.root().childCount();
        int driverChildren = driver.childCount();
        List<Integer> fdsBefore = init.openFds();
        CountingOps ops = new CountingOps();
        byte[] buf = new byte[1];
        ProcEntry dir = null;
        for (int i = 0; i < 10_000; i++) {
            ProcEntry e;
            String path;
            if (i % 2 == 0) {
                e = fs.create("driver/cycle", 0444, ops);
                path = "driver/cycle";
            } else {
                dir = fs.mkdir("driver/cycledir");
                e = fs.create("driver/cycledir/f", 0444, ops);
                path = "driver/cycledir";
            }
            int fd = init.open(e.path(), Abi.O_RDONLY);
            assertEquals(1, init.read(fd, buf), "round " + i);
            boolean closeFirst = i % 4 < 2;
            if (closeFirst) {
                assertEquals(0, init.close(fd));
            }
            Removal rm = i % 2 == 0 ? fs.remove(path) : fs.removeSubtree(path);
            assertTrue(rm.clean(), "round " + i + ": " + rm);
            assertEquals(closeFirst ? 0 : 1, rm.filesReleased(), "round " + i);
            assertEquals(0, e.openers(), "round " + i);
            assertEquals(0, e.revokable().attachedCount());
            if (dir != null) {
                assertEquals(0, dir.childCount(), "round " + i + ": the removed directory still maps its children");
            }
            if (!closeFirst) {
                assertEquals(EIO.negative(), init.read(fd, buf));
                assertEquals(0, init.close(fd));
            }
        }
        assertEquals(10_000, ops.opens.get());
        ops.assertEachReleasedOnce();
        assertEquals(entries, fs.entryCount());
        assertEquals(rootChildren, fs.root().childCount());
        assertEquals(driverChildren, driver.childCount());
        assertEquals(fdsBefore, init.openFds());
    }

    @Test
    void anEntryRemovingItselfFromItsOwnMethodIsRunDownWhenTheMethodReturns() {
        CountDownLatch released = new CountDownLatch(1);
        AtomicReference<Removal> inside = new AtomicReference<>();
        ProcEntry e = fs.create("driver/selfdestruct", 0666, new CountingOps() {
            @Override
            public long write(ProcHandle h, byte[] buf, int off, int len) {
                inside.set(fs.remove("driver/selfdestruct"));
                return len;
            }

            @Override
            public void release(ProcHandle h) {
                super.release(h);
                released.countDown();
            }
        });
        int fd = init.open("/proc/driver/selfdestruct", Abi.O_RDWR);

        assertEquals(1, init.write(fd, new byte[1]), "the method that removed its own entry finishes");

        assertTrue(inside.get().ok());
        assertEquals(List.of("/proc/driver/selfdestruct"), inside.get().deferred());
        assertEquals(ENOENT.negative(), init.open("/proc/driver/selfdestruct", Abi.O_RDONLY));
        await(released);
        assertEquals(EIO.negative(), init.read(fd, new byte[1]));
        assertEquals(0, init.close(fd));
        assertEquals(0, e.openers());
    }
}
