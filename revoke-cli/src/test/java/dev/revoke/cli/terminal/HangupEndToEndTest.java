package dev.revoke.cli.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.revoke.cli.ExitCodes;
import dev.revoke.cli.Run;
import dev.revoke.cli.emulation.BlockDetector;
import dev.revoke.cli.holders.FileIdentity;
import dev.revoke.cli.holders.Holder;
import dev.revoke.cli.holders.HolderScan;
import dev.revoke.panama.Pty;
import dev.revoke.panama.Sys;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command on real processes: two shells asleep in read(2) on a pty
 * slave, one plain (its read gets end-of-file) and one that made the pty
 * its controlling terminal in a session of its own (it gets SIGHUP). After
 * {@code revoke /dev/pts/N} both must finish within seconds. Needs root for
 * TIOCVHANGUP, which CI has: this test must not skip there.
 */
class HangupEndToEndTest {
    @Test
    void processesAsleepInReadOnARevokedPtyGetEndOfFileOrSighupAndExit() throws Exception {
        assumeTrue(Sys.geteuid() == 0, "TIOCVHANGUP needs CAP_SYS_ADMIN; euid " + Sys.geteuid() + " is not root - skipped (CI runs as root)");
        try (Pty pty = Pty.open()) {
            String slave = pty.slavePath();
            Process reader = new ProcessBuilder("sh", "-c", "read line < " + slave + "; echo \"read-rc=$?\"")
                    .redirectErrorStream(true).start();
            Process leader = new ProcessBuilder("setsid", "-w", "sh", "-c", "exec 0<" + slave + "; read line; echo \"read-rc=$?\"")
                    .redirectErrorStream(true).start();
            try {
                List<Holder> holders = awaitAsleepHolders(slave, 2);

                Run r = Run.of(slave);

                assertEquals(ExitCodes.OK, r.exit(), r.toString());
                for (Holder h : holders) {
                    assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith(h.pid() + " ")),
                            "holder " + h + " is listed:\n" + r);
                }
                assertTrue(r.out().contains(slave + ": revoked: hung up with TIOCVHANGUP"), r.toString());

                assertTrue(reader.waitFor(5, TimeUnit.SECONDS), "the plain reader is still asleep 5 s after the hangup");
                assertEquals("read-rc=1", output(reader), "read(2) returned end-of-file, so the shell's read failed");
                assertEquals(0, reader.exitValue());
                assertTrue(leader.waitFor(5, TimeUnit.SECONDS), "the session leader is still asleep 5 s after the hangup");
                assertEquals(128 + 1, leader.exitValue(), "the session leader was killed by SIGHUP; output: " + output(leader));
            } finally {
                reader.destroyForcibly();
                leader.destroyForcibly();
            }
        }
    }

    /** Waits until {@code count} other processes hold the slave and each is asleep (state S). */
    private static List<Holder> awaitAsleepHolders(String slave, int count) throws IOException, InterruptedException {
        FileIdentity id = FileIdentity.of(Path.of(slave));
        long self = ProcessHandle.current().pid();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Holder> others = List.of();
        while (System.nanoTime() < deadline) {
            others = new HolderScan().holdersOf(id).holders().stream().filter(h -> h.pid() != self).toList();
            if (others.size() == count && others.stream().allMatch(h -> BlockDetector.processState(h.pid()) == 'S')) {
                Thread.sleep(50); // asleep in read, not in the shell's start-up
                return others;
            }
            Thread.sleep(10);
        }
        fail("expected " + count + " processes asleep on " + slave + ", found " + others);
        return others;
    }

    private static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
