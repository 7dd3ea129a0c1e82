package dev.revoke.cli.terminal;

import dev.revoke.cli.text.JsonText;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.cli.ExitCodes;
import dev.revoke.cli.Run;
import dev.revoke.panama.Pty;
import dev.revoke.panama.Sys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Every error path of {@code revoke PATH...}, in-process: the message on stderr and the exit code. */
class RevokePathTest {
    private static final String WHY = "Linux can only revoke terminals (by hanging them up with TIOCVHANGUP)";
    private static final String FILE_HINT = "serve the file through revokefs ('revoke mount DIR --source SRC') to make it revocable";

    @Test
    void aMissingPathIsENOENTLikeAUnixTool() {
        Run r = Run.of("/nope");
        assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
        assertEquals("revoke: /nope: No such file or directory\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void aPathThroughARegularFileIsENOTDIR() {
        Run r = Run.of("/etc/passwd/x");
        assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
        assertEquals("revoke: /etc/passwd/x: Not a directory\n", r.err());
    }

    @Test
    void aRegularFileIsRefusedSayingWhy(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("notes.txt"), "x");
        Run r = Run.of(f.toString());
        assertEquals(ExitCodes.REFUSED, r.exit(), r.toString());
        assertEquals("revoke: " + f + ": not a terminal: " + WHY + "; " + FILE_HINT + "\n", r.err());
        assertEquals("revoke: /etc/passwd: not a terminal: " + WHY + "; " + FILE_HINT + "\n", Run.of("/etc/passwd").err());
        assertTrue(!r.err().contains("not available"), "revokefs is available: " + r.err());
    }

    @Test
    void aDirectoryIsRefused(@TempDir Path dir) {
        Run r = Run.of(dir.toString());
        assertEquals(ExitCodes.REFUSED, r.exit(), r.toString());
        assertEquals("revoke: " + dir + ": is a directory, not a terminal: " + WHY
                + "; serve it through revokefs ('revoke mount DIR --source SRC') to make the files in it revocable\n", r.err());
    }

    @Test
    void aCharacterDeviceThatIsNoTerminalIsRefusedWithItsNumber() {
        Run r = Run.of("/dev/null");
        assertEquals(ExitCodes.REFUSED, r.exit(), r.toString());
        assertEquals("revoke: /dev/null: not a terminal (character device 1:3): " + WHY + "\n", r.err());
    }

    @Test
    void aFifoIsRefusedWithoutTheRevokefsHint(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Run r = Run.of(fifo.toString());
        assertEquals(ExitCodes.REFUSED, r.exit(), r.toString());
        assertEquals("revoke: " + fifo + ": not a terminal (fifo): " + WHY + "\n", r.err(), "revokefs does not serve fifos");
    }

    @Test
    void devTtyAndPtmxAreRefusedWithAHint() {
        Run tty = Run.of("/dev/tty");
        assertEquals(ExitCodes.REFUSED, tty.exit(), tty.toString());
        assertTrue(tty.err().startsWith("revoke: /dev/tty: /dev/tty (5:0) stands for the caller's own controlling terminal"), tty.err());
        Run ptmx = Run.of("/dev/ptmx");
        assertEquals(ExitCodes.REFUSED, ptmx.exit(), ptmx.toString());
        assertTrue(ptmx.err().contains("the pty multiplexer"), ptmx.err());
    }

    @Test
    void noPathIsAUsageError() {
        Run r = Run.of();
        assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
        assertEquals("revoke: missing PATH (or a command: holders, mount, umount, demo, sim)\nTry 'revoke --help' for more information.\n", r.err());
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Run r = Run.of("--bogus", "/dev/null");
        assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
        assertTrue(r.err().startsWith("revoke: Unknown option: '--bogus'"), r.err());
        assertTrue(r.err().contains("Try 'revoke --help' for more information."), r.err());
    }

    @Test
    void severalPathsAreEachReportedAndTheWorstCodeWins() throws Exception {
        Run refusedAndMissing = Run.of("/etc/passwd", "/nope");
        assertEquals(ExitCodes.FAILED, refusedAndMissing.exit(), "a failure outranks a refusal");
        assertEquals(2, refusedAndMissing.err().lines().count(), refusedAndMissing.toString());
        try (Pty pty = Pty.open()) {
            Run dryAndRefused = Run.of("--dry-run", pty.slavePath(), "/dev/null");
            assertEquals(ExitCodes.REFUSED, dryAndRefused.exit(), dryAndRefused.toString());
            assertTrue(dryAndRefused.out().contains(pty.slavePath() + ": would be revoked (dry run)"), dryAndRefused.toString());
        }
    }

    @Test
    void dryRunListsTheHoldersAndChangesNothing() throws Exception {
        try (Pty pty = Pty.open()) {
            Run r = Run.of("--dry-run", pty.slavePath());
            assertEquals(ExitCodes.OK, r.exit(), r.toString());
            String self = Long.toString(ProcessHandle.current().pid());
            assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith(self + " ")), "this JVM holds the slave:\n" + r);
            byte[] x = {'x'};
            assertEquals(1, Sys.write(pty.slave().raw(), x, 0, 1), "the slave still works after a dry run");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonReportsParseAndCarryPathDeviceHoldersActionAndResult() throws Exception {
        try (Pty pty = Pty.open()) {
            Run r = Run.of("--json", "--dry-run", pty.slavePath(), "/nope", "/etc/passwd");
            assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
            Map<String, Object> doc = (Map<String, Object>) JsonText.parse(r.out());
            assertEquals(1, doc.get("exitCode"));
            assertEquals(Boolean.TRUE, doc.get("dryRun"));
            List<Map<String, Object>> results = (List<Map<String, Object>>) doc.get("results");
            Map<String, Object> tty = results.get(0);
            assertEquals(pty.slavePath(), tty.get("path"));
            assertTrue(((String) tty.get("device")).startsWith("136:"), tty.toString());
            assertEquals("hangup", tty.get("action"));
            assertEquals("would-revoke", tty.get("result"));
            List<Map<String, Object>> holders = (List<Map<String, Object>>) tty.get("holders");
            Map<String, Object> self = holders.stream()
                    .filter(h -> ((Number) h.get("pid")).longValue() == ProcessHandle.current().pid()).findFirst().orElseThrow();
            assertTrue(self.get("comm") instanceof String);
            assertEquals(List.of(pty.slave().raw()), self.get("fds"));
            Map<String, Object> missing = results.get(1);
            assertEquals("failed", missing.get("result"));
            assertEquals("ENOENT", missing.get("errno"));
            assertEquals("refused", results.get(2).get("result"));
            assertEquals("none", results.get(2).get("action"));
            assertTrue(r.err().contains("revoke: /nope: No such file or directory"), "errors still go to stderr");
        }
    }

    @Test
    void aRealHangupOfAPtyHeldByThisJvm() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Sys.geteuid() == 0,
                "TIOCVHANGUP needs CAP_SYS_ADMIN; euid " + Sys.geteuid() + " is not root - skipped (CI runs as root)");
        try (Pty pty = Pty.open()) {
            Run r = Run.of(pty.slavePath());
            assertEquals(ExitCodes.OK, r.exit(), r.toString());
            assertTrue(r.out().contains(pty.slavePath() + ": revoked: hung up with TIOCVHANGUP"), r.toString());
            byte[] x = {'x'};
            assertEquals(-5, Sys.write(pty.slave().raw(), x, 0, 1), "write on the hung-up slave is EIO");
            assertEquals(0, Sys.read(pty.slave().raw(), x, 0, 1), "read on the hung-up slave is end-of-file");
        }
    }
}
