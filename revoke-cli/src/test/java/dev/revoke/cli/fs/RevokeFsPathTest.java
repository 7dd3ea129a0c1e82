package dev.revoke.cli.fs;

import dev.revoke.cli.text.JsonText;

import static dev.revoke.cli.fs.FsMount.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.cli.ExitCodes;
import dev.revoke.cli.Run;
import dev.revoke.panama.Pty;
import dev.revoke.revokefs.protocol.Opcodes;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code revoke PATH} for files inside a revokefs mount, run in-process
 * (Cli.run) against a mount served by this JVM and real processes (cat,
 * sh) holding the files: the process asleep in a read sees EIO within
 * 100 ms of the revoke call starting and within a second of the command
 * starting (parsing, routing and the scan of every /proc/PID/fd for
 * holders, which depends on the machine; measured after a warm-up, see
 * {@link FsMount#warmUp}), the report says what it was, who held
 * it and what was done, in text and JSON; --dry-run changes nothing;
 * what cannot be revoked is refused or fails with the reason.
 */
class RevokeFsPathTest {
    private static final long DEADLINE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** The whole command, holder scan of every /proc/PID/fd included: what a user waits for. */
    private static final long COMMAND_DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(1);

    @Test
    void aCatAsleepInProcKmsgReadsEioWithin100msOfRevokePath() throws Exception {
        try (FsMount m = FsMount.mounted()) {
            String kmsg = m.at("proc/kmsg").toString();
            FsMount.Child cat = m.sh("exec cat " + kmsg);
            m.fs.procfs().kmsg().log("hello from the emulated kernel");
            assertNotNull(cat.expect("hello from the emulated kernel", 10_000), cat.output());
            assertTrue(await(() -> m.fs.requestsInFlight(Opcodes.READ) == 1, 10_000), "cat is not asleep in a read");

            Run dry = Run.of("--dry-run", kmsg);
            assertEquals(ExitCodes.OK, dry.exit(), dry.toString());
            String what = kmsg + ": regular file on revokefs (mounted at " + m.fs.mountPoint() + "), held by 1 process (1 descriptor)";
            assertEquals(List.of(
                    what,
                    String.format("  %7s  %-16s %s", "PID", "COMMAND", "FD"),
                    String.format("  %7d  %-16s %s", cat.pid(), "cat", "3"),
                    kmsg + ": would be revoked (dry run): through revokefs (setxattr user.revoke), so that 1 descriptor in 1 process"
                            + " fail reads and writes with EIO"), dry.out().lines().toList(), dry.toString());
            assertEquals("", dry.err());
            assertTrue(cat.alive() && m.fs.requestsInFlight(Opcodes.READ) == 1, "the dry run left cat asleep");

            FsMount.warmUp(m.mnt, kmsg);
            long t0 = System.nanoTime();
            Run r = Run.of(kmsg);
            long returned = System.nanoTime();
            FsMount.Child.Line eio = cat.expect("Input/output error", 2000);
            assertNotNull(eio, "cat did not read EIO: " + cat.output() + "\n" + r);
            long seen = eio.nanos() - t0;
            FsMount.record("revoke DIR/proc/kmsg (in-process CLI): cat asleep in read prints EIO", seen);
            FsMount.record("revoke DIR/proc/kmsg (in-process CLI): the command returns", returned - t0);
            assertTrue(seen < COMMAND_DEADLINE_NANOS, "cat read EIO " + seen / 1_000_000 + " ms after the command started");
            assertEquals(1, cat.exit(2000), cat.output());

            assertEquals(ExitCodes.OK, r.exit(), r.toString());
            List<String> lines = r.out().lines().toList();
            java.util.regex.Matcher took = java.util.regex.Pattern.compile(" in (\\d+\\.\\d+) ms;").matcher(r.out());
            assertTrue(took.find(), r.toString());
            long call = (long) (Double.parseDouble(took.group(1)) * 1e6);
            FsMount.record("revoke DIR/proc/kmsg (in-process CLI): the revokefs call itself (as reported)", call);
            assertTrue(eio.nanos() - (returned - call) < DEADLINE_NANOS,
                    "cat read EIO " + (eio.nanos() - (returned - call)) / 1_000_000 + " ms after the revoke call started");
            assertEquals(4, lines.size(), r.toString());
            assertEquals(what, lines.get(0));
            assertEquals(String.format("  %7d  %-16s %s", cat.pid(), "cat", "3"), lines.get(2));
            assertTrue(lines.get(3).matches(java.util.regex.Pattern.quote(kmsg) + ": revoked through revokefs in \\d+\\.\\d{3} ms;"
                    + " 1 descriptor in 1 process now fail reads and writes with EIO \\(reads asleep in it returned at once\\);"
                    + " every open file of it was released"), lines.get(3));
            assertEquals("", r.err());
            assertTrue(await(() -> m.fs.openHandles() == 0, 2000), "handles left: " + m.fs.openHandles());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCatAsleepOnTheEmulatedSerialLineWithAJsonReport() throws Exception {
        try (FsMount m = FsMount.mounted()) {
            String tty = m.at("dev/ttyF0").toString();
            FsMount.Child cat = m.sh("exec cat " + tty);
            assertTrue(await(() -> m.fs.requestsInFlight(Opcodes.READ) == 1, 10_000), "cat is not asleep in a read");
            Run dry = Run.of("--json", "--dry-run", tty);
            Map<String, Object> dryDoc = (Map<String, Object>) JsonText.parse(dry.out());
            assertEquals("would-revoke", ((List<Map<String, Object>>) dryDoc.get("results")).getFirst().get("result"));

            FsMount.warmUp(m.mnt, tty);
            long t0 = System.nanoTime();
            Run r = Run.of("--json", tty);
            long returned = System.nanoTime();
            FsMount.Child.Line eio = cat.expect("Input/output error", 2000);
            assertNotNull(eio, "cat did not read EIO: " + cat.output() + "\n" + r);
            long seen = eio.nanos() - t0;
            FsMount.record("revoke --json DIR/dev/ttyF0 (in-process CLI): cat asleep in read prints EIO", seen);
            assertTrue(seen < COMMAND_DEADLINE_NANOS, "cat read EIO " + seen / 1_000_000 + " ms after the command started");
            Map<String, Object> done = ((List<Map<String, Object>>) ((Map<String, Object>) JsonText.parse(r.out())).get("results")).getFirst();
            long callStart = returned - (long) (((Number) done.get("elapsedMs")).doubleValue() * 1e6);
            assertTrue(eio.nanos() - callStart < DEADLINE_NANOS,
                    "cat read EIO " + (eio.nanos() - callStart) / 1_000_000 + " ms after the revoke call started");
            assertEquals(1, cat.exit(2000));

            assertEquals(ExitCodes.OK, r.exit(), r.toString());
            assertEquals("", r.err());
            Map<String, Object> doc = (Map<String, Object>) JsonText.parse(r.out());
            assertEquals("revoke", doc.get("command"));
            assertEquals(Boolean.FALSE, doc.get("dryRun"));
            assertEquals(0, doc.get("exitCode"));
            Map<String, Object> res = ((List<Map<String, Object>>) doc.get("results")).getFirst();
            assertEquals(tty, res.get("path"));
            assertEquals("regular file", res.get("type"), "emulated devices are served as plain files");
            assertEquals(null, res.get("device"));
            assertEquals(m.fs.mountPoint().toString(), res.get("mount"));
            assertEquals("revokefs", res.get("action"));
            assertEquals("revoked", res.get("result"));
            assertEquals(null, res.get("errno"));
            assertEquals(Boolean.TRUE, res.get("holdersComplete"));
            assertEquals(List.of(Map.of("pid", (int) cat.pid(), "comm", "cat", "fds", List.of(3))), res.get("holders"));
            assertTrue(((Number) res.get("elapsedMs")).doubleValue() > 0, res.toString());
            FsMount.record("revoke --json DIR/dev/ttyF0 (in-process CLI): the revokefs call itself (elapsedMs)",
                    (long) (((Number) res.get("elapsedMs")).doubleValue() * 1e6));
            assertEquals(0, res.get("exitCode"));
        }
    }

    @Test
    void aHeldSourceFileFailsWithEioAndIsReleasedOnce() throws Exception {
        try (FsMount m = FsMount.mounted()) {
            Files.writeString(m.src.resolve("a.txt"), "line1\nline2\n");
            String a = m.at("src/a.txt").toString();
            Path gate = m.fifo("gate");
            FsMount.Child sh = m.sh("exec 3< " + a + "; read l <&3; echo first=$l; read x < " + gate
                    + "; if cat <&3; then echo cat=ok; else echo cat=failed; fi");
            assertNotNull(sh.expect("first=line1", 10_000), sh.output());

            Run holders = Run.of("holders", a);
            assertEquals(ExitCodes.OK, holders.exit(), holders.toString());
            assertTrue(holders.out().startsWith(a + ": regular file, held by 1 process (1 descriptor)\n"), holders.toString());
            assertTrue(holders.out().contains(String.format("  %7d  %-16s %s", sh.pid(), "sh", "3")), holders.toString());

            Run r = Run.of(a);
            assertEquals(ExitCodes.OK, r.exit(), r.toString());
            assertTrue(r.out().contains(String.format("  %7d  %-16s %s", sh.pid(), "sh", "3")), r.toString());
            assertTrue(r.out().contains(a + ": revoked through revokefs in "), r.toString());
            assertEquals(1, m.fs.passthrough().releases(), "released by the revocation");
            assertEquals(m.fs.passthrough().realFdsOpened(), m.fs.passthrough().realFdsClosed(), "the real descriptor is closed");

            FsMount.open(gate);
            assertNotNull(sh.expect("Input/output error", 2000), sh.output());
            assertNotNull(sh.expect("cat=failed", 2000), sh.output());
            assertEquals(0, sh.exit(2000));
            assertEquals(1, m.fs.passthrough().releases(), "the close after the revoke released nothing again");
            assertEquals("line1\nline2\n", Files.readString(m.src.resolve("a.txt")), "the source is untouched");
            assertEquals("line1\nline2\n", Files.readString(m.at("src/a.txt")), "new opens work");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void whatRevokefsCannotRevokeIsRefusedOrFailsSayingWhy() throws Exception {
        try (FsMount m = FsMount.mounted()) {
            String dir = m.at("src").toString();
            String uptime = m.at("proc/uptime").toString();
            String none = m.at("src/none").toString();

            Run d = Run.of(dir);
            assertEquals(ExitCodes.REFUSED, d.exit(), d.toString());
            assertEquals("revoke: " + dir + ": is a directory: revokefs revokes files, not directories (revoke the files in it)\n", d.err());
            Run u = Run.of(uptime);
            assertEquals(ExitCodes.FAILED, u.exit(), u.toString());
            assertEquals("revoke: " + uptime + ": Operation not permitted: revokefs never revokes this file"
                    + " (a permanent procfs entry, such as proc/uptime or proc/version)\n", u.err());
            Run n = Run.of(none);
            assertEquals(ExitCodes.FAILED, n.exit(), n.toString());
            assertEquals("revoke: " + none + ": No such file or directory\n", n.err());

            Run all = Run.of("--json", dir, uptime, none);
            assertEquals(ExitCodes.FAILED, all.exit(), "a failure outranks a refusal");
            assertEquals(3, all.err().lines().count(), all.toString());
            List<Map<String, Object>> results = (List<Map<String, Object>>) ((Map<String, Object>) JsonText.parse(all.out())).get("results");
            assertEquals(List.of("refused", "failed", "failed"), results.stream().map(x -> x.get("result")).toList());
            assertEquals(List.of("revokefs", "revokefs", "none"), results.stream().map(x -> x.get("action")).toList(),
                    "a missing name is not inside the mount as far as routing goes");
            assertEquals(java.util.Arrays.asList(null, "EPERM", "ENOENT"), results.stream().map(x -> x.get("errno")).toList());
        }
    }

    @Test
    void eachPathTakesItsRouteAndTheSourceFileItselfIsRefusedWithTheHint() throws Exception {
        try (FsMount m = FsMount.mounted(); Pty pty = Pty.open()) {
            Path real = Files.writeString(m.src.resolve("a.txt"), "x\n");
            String served = m.at("src/a.txt").toString();
            Run r = Run.of("--dry-run", pty.slavePath(), served, real.toString());
            assertEquals(ExitCodes.REFUSED, r.exit(), r.toString());
            assertTrue(r.out().contains(pty.slavePath() + ": would be revoked (dry run): hung up with TIOCVHANGUP"), r.toString());
            assertTrue(r.out().contains(served + ": would be revoked (dry run): through revokefs"), r.toString());
            assertEquals("revoke: " + real + ": not a terminal: Linux can only revoke terminals (by hanging them up with TIOCVHANGUP);"
                    + " serve the file through revokefs ('revoke mount DIR --source SRC') to make it revocable\n", r.err(),
                    "the source file is outside the mount: descriptors opened on it directly are not revocable");
        }
    }
}
