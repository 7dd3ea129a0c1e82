package dev.revoke.revokefs;

import dev.revoke.mechanism.WaitQueue;
import dev.revoke.procfs.ProcFs;
import dev.revoke.procfs.ProcHandle;
import dev.revoke.procfs.ProcOps;
import dev.revoke.procfs.Removal;
import dev.revoke.revokefs.passthrough.PassthroughFs;
import dev.revoke.revokefs.protocol.Opcodes;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.revoke.panama.Errno.EINTR;
import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.revokefs.Mounted.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real processes (cat, sh) on a revokefs mount: they read, block, get
 * revoked, and see what the file's filesystem says (EIO), within 100 ms of
 * the revoke; the daemon's handles go back to zero and every file is
 * released exactly once.
 */
class RevokeRealProcessTest {
    private static final long DEADLINE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    @Test
    void realShellReadsTheEmulatedProcAndTheSource() throws Exception {
        try (Mounted m = Mounted.withSource()) {
            Files.writeString(m.src.resolve("a.txt"), "from the source\n");
            Mounted.Child sh = m.sh("cat " + m.at("proc/uptime") + " " + m.at("proc/version") + " "
                    + m.at("src/a.txt") + "; ls " + m.at("proc") + "; ls -l " + m.at("src")
                    + "; cat " + m.at("proc/mounts"));
            assertEquals(0, sh.exit(10_000), sh.output());
            String out = sh.output();
            assertTrue(out.matches("(?s)\\d+\\.\\d\\d \\d+\\.\\d\\d\n.*"), out);
            assertTrue(out.contains("Linux version"), out);
            assertTrue(out.contains("from the source"), out);
            assertTrue(out.contains("kmsg") && out.contains("uptime") && out.contains("self"), out);
            assertTrue(out.contains("a.txt"), out);
            assertTrue(out.contains("passthrough /src passthrough"), out);
            assertTrue(Mounted.mountedAt(m.mnt));
            assertTrue(await(() -> m.fs.openHandles() == 0, 2000), "handles left: " + m.fs.openHandles());
        }
    }

    @Test
    void aReadBlockedInTheDaemonIsAnsweredEioWithin100msOfTheRevoke() throws Exception {
        try (Mounted m = Mounted.withSource()) {
            Mounted.Child cat = m.sh("exec cat " + m.at("proc/kmsg"));
            m.fs.procfs().kmsg().log("hello from the emulated kernel");
            assertNotNull(cat.expect("hello from the emulated kernel", 10_000), cat.output());
            assertTrue(await(() -> m.fs.requestsInFlight(Opcodes.READ) == 1, 10_000), "cat is not blocked in a read");
            assertEquals(1, m.fs.openHandles("proc/kmsg"));

            long t0 = System.nanoTime();
            RevokeFs.Result r = RevokeFs.revokePath(m.at("proc/kmsg"));
            long returned = System.nanoTime();
            assertTrue(r.ok(), r.message());
            Mounted.Child.Line err = cat.expect("Input/output error", 2000);
            assertNotNull(err, "cat did not see EIO: " + cat.output());
            assertEquals(1, cat.exit(2000));
            long seen = err.nanos() - t0;
            Latencies.record("blocked cat of /proc/kmsg: revoke(2) returned", returned - t0);
            Latencies.record("blocked cat of /proc/kmsg: EIO printed by cat", seen);
            assertTrue(seen < DEADLINE_NANOS, "EIO seen " + seen / 1_000_000 + " ms after the revoke");
            assertTrue(await(() -> m.fs.openHandles() == 0, 2000), "handles left: " + m.fs.openHandles());
            assertEquals(0, m.fs.procfs().entry("kmsg").openers(), "released exactly once, nothing attached");
        }
    }

    @Test
    void everyBlockedReaderOfTheFileIsAnsweredAndEachHandleReleasedOnce() throws Exception {
        try (Mounted m = Mounted.withSource()) {
            List<Mounted.Child> cats = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                cats.add(m.sh("exec cat " + m.at("proc/kmsg")));
            }
            assertTrue(await(() -> m.fs.requestsInFlight(Opcodes.READ) == 4, 10_000),
                    "reads asleep: " + m.fs.requestsInFlight(Opcodes.READ));
            assertEquals(4, m.fs.openHandles("proc/kmsg"));
            long t0 = System.nanoTime();
            assertTrue(RevokeFs.revokePath(m.at("proc/kmsg")).ok());
            long worst = 0;
            for (Mounted.Child c : cats) {
                Mounted.Child.Line err = c.expect("Input/output error", 2000);
                assertNotNull(err, c.output());
                worst = Math.max(worst, err.nanos() - t0);
                assertEquals(1, c.exit(2000));
            }
            Latencies.record("4 blocked cats of /proc/kmsg: last EIO printed", worst);
            assertTrue(worst < DEADLINE_NANOS, "last EIO " + worst / 1_000_000 + " ms after the revoke");
            assertTrue(await(() -> m.fs.openHandles() == 0, 2000));
        }
    }

    @Test
    void aHeldPassthroughDescriptorFailsWithEioAndIsReleasedOnce() throws Exception {
        try (Mounted m = Mounted.withSource()) {
            Files.writeString(m.src.resolve("a.txt"), "line1\nline2\n");
            Path gate = m.fifo("gate");
            Mounted.Child sh = m.sh("exec 3< " + m.at("src/a.txt") + "; read l <&3; echo first=$l; read x < " + gate
                    + "; if cat <&3; then echo cat=ok; else echo cat=failed; fi");
            assertNotNull(sh.expect("first=line1", 10_000), sh.output());
            assertEquals(1, m.fs.openHandles("src/a.txt"));
            assertEquals(1, m.fs.passthrough().realFdsOpened() - m.fs.passthrough().realFdsClosed());

            long t0 = System.nanoTime();
            RevokeFs.Result r = RevokeFs.revokePath(m.at("src/a.txt"));
            Latencies.record("held passthrough fd: revoke(2) returned", System.nanoTime() - t0);
            assertTrue(r.ok(), r.message());
            // the revocation itself released the file: the real descriptor is closed already
            assertEquals(1, m.fs.passthrough().releases());
            assertEquals(m.fs.passthrough().realFdsOpened(), m.fs.passthrough().realFdsClosed());

            long t1 = System.nanoTime();
            Mounted.open(gate);
            Mounted.Child.Line err = sh.expect("Input/output error", 2000);
            assertNotNull(err, sh.output());
            Latencies.record("held passthrough fd: next read fails EIO (after the gate opens)", err.nanos() - t1);
            assertNotNull(sh.expect("cat=failed", 2000), sh.output());
            assertEquals(0, sh.exit(2000));
            assertTrue(await(() -> m.fs.openHandles() == 0, 2000), "handles left: " + m.fs.openHandles());
            assertEquals(1, m.fs.passthrough().releases(), "the close after the revoke released nothing again");
            assertEquals("line1\nline2\n", Files.readString(m.src.resolve("a.txt")), "the source is untouched");
        }
    }

    @Test
    void opensAfterTheRevokeGetAFreshFile() throws Exception {
        try (Mounted m = Mounted.withSource()) {
            Files.writeString(m.src.resolve("a.txt"), "again\n");
            Path gate = m.fifo("gate");
            Mounted.Child old = m.sh("exec 3< " + m.at("src/a.txt") + "; echo open; read x < " + gate
                    + "; cat <&3 || echo old=failed");
            assertNotNull(old.expect("open", 10_000));
            assertTrue(RevokeFs.revokePath(m.at("src/a.txt")).ok());
            Mounted.Child fresh = m.sh("cat " + m.at("src/a.txt"));
            assertEquals(0, fresh.exit(5000), fresh.output());
            assertEquals("again", fresh.output());
            Mounted.open(gate);
            assertNotNull(old.expect("old=failed", 2000), old.output());
            old.exit(2000);
            assertTrue(await(() -> m.fs.openHandles() == 0, 2000));
            assertEquals(2, m.fs.passthrough().releases());
        }
    }

    @Test
    void everyWriteAcknowledgedBeforeTheRevokeIsInTheSource() throws Exception {
        try (Mounted m = Mounted.withSource()) {
            Path log = m.src.resolve("log.txt");
            Mounted.Child w = m.sh("exec 3>> " + m.at("src/log.txt")
                    + "; i=0; while echo line$i >&3; do echo ack$i; i=$((i+1)); done; echo stopped;"
                    + " /bin/echo late >&3");
            assertNotNull(w.expect("ack200", 20_000), w.output());
            RevokeFs.Result r = RevokeFs.revokePath(m.at("src/log.txt"));
            assertTrue(r.ok(), r.message());
            assertNotNull(w.expect("stopped", 5000), w.output());
            assertNotNull(w.expect("write error: Input/output error", 2000), w.output());
            w.exit(2000);
            List<String> acked = w.output().lines().filter(l -> l.startsWith("ack"))
                    .map(l -> "line" + l.substring(3)).toList();
            List<String> inFile = Files.readAllLines(log);
            assertEquals(acked, inFile, "the source holds exactly the acknowledged writes");
            assertTrue(acked.size() > 200);
            assertTrue(await(() -> m.fs.openHandles() == 0, 2000));
            assertEquals(1, m.fs.passthrough().releases());
        }
    }

    @Test
    void removingAProcEntryUnderARealCatBehavesLikeLinuxProcfs() throws Exception {
        try (Mounted m = Mounted.withSource()) {
            ProcFs procfs = m.fs.procfs();
            procfs.createSingle("driver/foo", 0444, out -> out.print("foo 1\n"));
            Path gate = m.fifo("gate");
            Mounted.Child sh = m.sh("exec 3< " + m.at("proc/driver/foo") + "; read l <&3; echo first=$l; read x < "
                    + gate + "; cat <&3 && echo read=ok || echo read=failed; test -e " + m.at("proc/driver/foo")
                    + " && echo present || echo gone; cat " + m.at("proc/driver/foo"));
            assertNotNull(sh.expect("first=foo 1", 10_000), sh.output());
            assertEquals(1, m.fs.openHandles("proc/driver/foo"));
            Removal removal = procfs.remove("driver/foo");
            assertTrue(removal.ok(), removal.toString());
            assertEquals(1, removal.filesReleased());
            Mounted.open(gate);
            assertNotNull(sh.expect("Input/output error", 2000), sh.output());
            assertNotNull(sh.expect("read=failed", 2000), sh.output());
            assertNotNull(sh.expect("gone", 2000), sh.output());
            assertNotNull(sh.expect("No such file or directory", 2000), sh.output());
            sh.exit(2000);
            assertTrue(await(() -> m.fs.openHandles() == 0, 2000));
        }
    }

    /** A procfs file whose reads sleep on the entry's wait queue until it goes away. */
    static final class Sleeper implements ProcOps {
        @Override
        public long read(ProcHandle h, byte[] buf, int off, int len) {
            WaitQueue.Wake w = h.waitQueue().await(() -> false, -1);
            return w == WaitQueue.Wake.INTERRUPTED ? EINTR.negative() : EIO.negative();
        }
    }

    @Test
    void removingAProcEntryWakesARealReaderAsleepInIt() throws Exception {
        try (Mounted m = Mounted.withSource()) {
            m.fs.procfs().create("driver/sleeper", 0444, new Sleeper());
            Mounted.Child cat = m.sh("exec cat " + m.at("proc/driver/sleeper"));
            assertTrue(await(() -> m.fs.requestsInFlight(Opcodes.READ) == 1, 10_000), cat.output());
            long t0 = System.nanoTime();
            Removal removal = m.fs.procfs().remove("driver/sleeper");
            assertTrue(removal.ok());
            Mounted.Child.Line err = cat.expect("Input/output error", 2000);
            assertNotNull(err, cat.output());
            Latencies.record("cat asleep in a procfs read: remove_proc_entry returned", removal.totalNanos());
            Latencies.record("cat asleep in a procfs read: EIO printed by cat", err.nanos() - t0);
            assertTrue(err.nanos() - t0 < DEADLINE_NANOS);
            assertEquals(1, cat.exit(2000));
            assertTrue(await(() -> m.fs.openHandles() == 0, 2000));
        }
    }

    @Test
    void aSignalToAProcessAsleepInTheDaemonInterruptsItsRead() throws Exception {
        try (Mounted m = Mounted.withSource()) {
            Mounted.Child cat = m.sh("exec cat " + m.at("proc/kmsg"));
            assertTrue(await(() -> m.fs.requestsInFlight(Opcodes.READ) == 1, 10_000), cat.output());
            long t0 = System.nanoTime();
            cat.process.destroy(); // SIGTERM: the kernel sends FUSE_INTERRUPT, the daemon answers EINTR
            assertTrue(cat.process.waitFor(2, TimeUnit.SECONDS), "cat still stuck in the read");
            Latencies.record("SIGTERM to a cat asleep in /proc/kmsg: cat gone", System.nanoTime() - t0);
            assertTrue(m.fs.interrupts() >= 1, "no FUSE_INTERRUPT seen");
            assertTrue(await(() -> m.fs.openHandles() == 0, 2000), "handles left: " + m.fs.openHandles());
            assertTrue(await(() -> m.fs.requestsInFlight(Opcodes.READ) == 0, 2000));
            // kmsg itself is untouched: a new reader still works
            Mounted.Child again = m.sh("exec cat " + m.at("proc/kmsg"));
            m.fs.procfs().kmsg().log("still here");
            assertNotNull(again.expect("still here", 5000), again.output());
        }
    }

    @Test
    void aReaderAsleepInAnEmulatedDeviceIsRevokedThroughTheEmulatedRevoke() throws Exception {
        try (Mounted m = Mounted.withSource()) {
            String line = m.at("dev/ttyF0").toString();
            Mounted.Child reader = m.sh("exec cat " + line);
            Mounted.Child writer = m.sh("echo over the line > " + line);
            assertEquals(0, writer.exit(10_000), writer.output());
            assertNotNull(reader.expect("over the line", 10_000), reader.output());
            assertTrue(await(() -> m.fs.requestsInFlight(Opcodes.READ) == 1, 10_000), "cat not asleep in the device");
            long t0 = System.nanoTime();
            RevokeFs.Result r = RevokeFs.revokePath(m.at("dev/ttyF0"));
            assertTrue(r.ok(), r.message());
            Mounted.Child.Line err = reader.expect("Input/output error", 2000);
            assertNotNull(err, reader.output());
            Latencies.record("cat asleep in the emulated serial line: EIO printed", err.nanos() - t0);
            assertTrue(err.nanos() - t0 < DEADLINE_NANOS);
            assertEquals(1, reader.exit(2000));
            assertEquals(2, m.fs.kernel().charDevice(RevokeFs.SERIAL_LINE).generationNumber());
            // new opens get the new generation
            Mounted.Child again = m.sh("exec cat " + line);
            assertEquals(0, m.sh("echo still works > " + line).exit(10_000));
            assertNotNull(again.expect("still works", 10_000), again.output());
            // /dev/null is not revocable, like a permanent procfs entry: nothing is attached to revoke
            assertTrue(RevokeFs.revokePath(m.at("dev/null")).ok());
            assertEquals(0, m.sh("echo x > " + m.at("dev/null")).exit(10_000));
        }
    }

    @Test
    void moreHandlesThanOneEmulatedProcessHasDescriptorsAreAllRevoked() throws Exception {
        try (Mounted m = Mounted.withSource()) {
            Files.writeString(m.src.resolve("a.txt"), "x\n");
            int n = 1500;
            Mounted.Child perl = m.sh("ulimit -n 4096 && exec perl -e 'for (1..$ARGV[1]) { open($f[$_], \"<\", $ARGV[0])"
                    + " or die \"open $_: $!\" } $| = 1; print \"open\\n\"; <STDIN>; my $bad = 0;"
                    + " for (1..$ARGV[1]) { $bad++ unless defined sysread($f[$_], my $b, 10) } print \"failed $bad\\n\"' "
                    + m.at("src/a.txt") + " " + n);
            assertNotNull(perl.expect("open", 30_000), perl.output());
            assertEquals(n, m.fs.openHandles("src/a.txt"));
            assertTrue(m.fs.kernel().processes().stream().filter(p -> p.name().startsWith("revokefsd")).count() >= 2,
                    "a second daemon process holds the handles past the first 1024");
            long t0 = System.nanoTime();
            assertTrue(RevokeFs.revokePath(m.at("src/a.txt")).ok());
            Latencies.record(n + " descriptors of one passthrough file: revoke(2) returned", System.nanoTime() - t0);
            PassthroughFs pt = m.fs.passthrough();
            assertEquals(pt.realFdsOpened(), pt.releases(), "all released by the revoke");
            assertEquals(pt.realFdsOpened(), pt.realFdsClosed());
            perl.process.getOutputStream().close();
            assertNotNull(perl.expect("failed " + n, 30_000), perl.output());
            assertEquals(0, perl.exit(30_000));
            assertTrue(await(() -> m.fs.openHandles() == 0, 10_000), "handles left: " + m.fs.openHandles());
            assertEquals(pt.realFdsOpened(), pt.releases(), "each released once, the closes released nothing");
            assertTrue(pt.realFdsOpened() < n + 50, "opens wasted on full daemons: " + (pt.realFdsOpened() - n));
        }
    }

    @Test
    void procfsWritesReachTheEmulatedKernel() throws Exception {
        try (Mounted m = Mounted.withSource()) {
            Mounted.Child sh = m.sh("echo jvmhost > " + m.at("proc/sys/kernel/hostname") + " && cat "
                    + m.at("proc/sys/kernel/hostname"));
            assertEquals(0, sh.exit(10_000), sh.output());
            assertEquals("jvmhost", sh.output());
            Mounted.Child bad = m.sh("/bin/echo 'two words' > " + m.at("proc/sys/kernel/hostname"));
            assertTrue(bad.exit(10_000) != 0);
            assertTrue(bad.output().contains("Invalid argument"), bad.output());
        }
    }

    @Test
    void passthroughNamespaceOperations() throws Exception {
        try (Mounted m = Mounted.withSource()) {
            String d = m.at("src").toString();
            Mounted.Child sh = m.sh("set -e; cd " + d + "; mkdir dir; echo x > dir/f; mv dir/f dir/g; ln -s g dir/l;"
                    + " cat dir/l; chmod 600 dir/g; stat -c %a dir/g; truncate -s 3 dir/g; stat -c %s dir/g;"
                    + " touch -d @1000000000 dir/g; stat -c %Y dir/g; rm dir/l dir/g; rmdir dir; ls -A; echo done");
            assertEquals(0, sh.exit(10_000), sh.output());
            assertEquals(List.of("x", "600", "3", "1000000000", "done"), sh.output().lines().toList());
            try (var s = Files.list(m.src)) {
                assertEquals(0, s.count());
            }
        }
    }

    @Test
    void unmountingUnderOpenFilesLeavesNoStaleMount() throws Exception {
        try (Mounted m = Mounted.withSource()) {
            Files.writeString(m.src.resolve("a.txt"), "x\n");
            Path gate = m.fifo("gate");
            Mounted.Child sh = m.sh("exec 3< " + m.at("src/a.txt") + "; echo open; read x < " + gate
                    + "; cat <&3 && echo read=ok || echo read=failed");
            assertNotNull(sh.expect("open", 10_000), sh.output());
            m.fs.close();
            assertFalse(Mounted.mountedAt(m.mnt), "still mounted");
            assertTrue(m.fs.hasEnded());
            Mounted.open(gate);
            assertNotNull(sh.expect("read=failed", 2000), sh.output());
            assertTrue(sh.output().contains("not connected"), sh.output());
            assertEquals(1, m.fs.passthrough().releases(), "the daemon's close released the file");
        }
    }

    @Test
    void umountFromOutsideEndsTheSession() throws Exception {
        try (Mounted m = Mounted.withSource()) {
            Thread server = Thread.ofPlatform().start(() -> {
                try {
                    m.fs.serve();
                } catch (InterruptedException ignored) {
                    // test over
                }
            });
            RevokeFs.umount(m.mnt);
            assertFalse(Mounted.mountedAt(m.mnt));
            server.join(5000);
            assertFalse(server.isAlive(), "serve() did not return after the umount");
            assertTrue(m.fs.hasEnded());
        }
    }
}
