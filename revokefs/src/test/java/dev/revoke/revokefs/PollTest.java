package dev.revoke.revokefs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.revoke.revokefs.Mounted.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real select(2) on a file of the mount: the kernel sends FUSE_POLL, the
 * daemon puts the handle on the emulated file's wait queues, and a change
 * (new data, or a revocation's kick) sends FUSE_NOTIFY_POLL, which wakes the
 * real poller.
 */
class PollTest {
    /** Opens ARGV[0], selects for reading (10 s at most), then reads once. */
    private static final String SELECT_THEN_READ = """
            open(my $f, "<", $ARGV[0]) or die "open: $!"; $| = 1; print "open\\n";
            my $r = ''; vec($r, fileno($f), 1) = 1;
            my $n = select(my $ready = $r, undef, undef, 10);
            print "selected $n\\n";
            my $got = sysread($f, my $buf, 4096);
            if (defined $got) { print "read $buf" } else { print "read failed: $!\\n" }
            """;

    private static Mounted.Child selectOn(Mounted m, Path file) throws IOException {
        Path script = m.base.resolve("select.pl");
        if (!Files.exists(script)) {
            Files.writeString(script, SELECT_THEN_READ);
        }
        return m.sh("exec perl " + script + " " + file);
    }

    /** True once the process sleeps in select/poll (its wchan), or after 300 ms where wchan is hidden. */
    private static boolean asleepInSelect(Mounted.Child c) throws InterruptedException {
        Path wchan = Path.of("/proc/" + c.process.pid() + "/wchan");
        boolean seen = await(() -> {
            try {
                String w = Files.readString(wchan);
                return w.contains("select") || w.contains("poll");
            } catch (IOException e) {
                return false;
            }
        }, 5000);
        if (!seen) {
            Thread.sleep(300);
        }
        return true;
    }

    @Test
    void aRealSelectIsWokenByNewData() throws Exception {
        try (Mounted m = Mounted.withSource()) {
            Mounted.Child p = selectOn(m, m.at("proc/kmsg"));
            assertNotNull(p.expect("open", 10_000), p.output());
            assertTrue(asleepInSelect(p));
            long t0 = System.nanoTime();
            m.fs.procfs().kmsg().log("wake up");
            Mounted.Child.Line sel = p.expect("selected 1", 5000);
            assertNotNull(sel, p.output());
            assertTrue(sel.nanos() > t0, "select returned before there was data: FUSE_POLL not served");
            Latencies.record("select(2) on /proc/kmsg: woken by new data", sel.nanos() - t0);
            assertNotNull(p.expect("read wake up", 5000), p.output());
            assertEquals(0, p.exit(5000));
            assertTrue(await(() -> m.fs.openHandles() == 0, 2000));
        }
    }

    @Test
    void aRealSelectIsWokenByTheRevokeAndThenReadsEio() throws Exception {
        try (Mounted m = Mounted.withSource()) {
            Mounted.Child p = selectOn(m, m.at("proc/kmsg"));
            assertNotNull(p.expect("open", 10_000), p.output());
            assertTrue(asleepInSelect(p));
            long t0 = System.nanoTime();
            assertTrue(RevokeFs.revokePath(m.at("proc/kmsg")).ok());
            Mounted.Child.Line sel = p.expect("selected 1", 5000);
            assertNotNull(sel, p.output());
            assertTrue(sel.nanos() > t0, "select returned before the revoke: FUSE_POLL not served");
            Latencies.record("select(2) on /proc/kmsg: woken by the revoke", sel.nanos() - t0);
            assertTrue(sel.nanos() - t0 < TimeUnit.MILLISECONDS.toNanos(100));
            assertNotNull(p.expect("read failed: Input/output error", 5000), p.output());
            assertEquals(0, p.exit(5000));
            assertTrue(await(() -> m.fs.openHandles() == 0, 2000));
        }
    }
}
