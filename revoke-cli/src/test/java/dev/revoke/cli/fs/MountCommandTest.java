package dev.revoke.cli.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.cli.Cli;
import dev.revoke.cli.ExitCodes;
import dev.revoke.cli.Run;
import dev.revoke.revokefs.MountTable;
import dev.revoke.revokefs.sys.FsSys;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code revoke mount} and {@code revoke umount} through the CLI,
 * in-process: the mount command serving on a thread of its own until
 * {@code revoke umount} (a real process asleep in a read of the mount is
 * revoked meanwhile), and every error path, each with its message and
 * exit code.
 */
class MountCommandTest {
    private static final long DEADLINE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** {@code revoke args...} on a thread, its output readable while it runs. */
    private record Running(CompletableFuture<Integer> exit, StringWriter out, StringWriter err) {
        static Running start(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CompletableFuture<Integer> exit = new CompletableFuture<>();
            Thread.ofPlatform().name("revoke-mount").start(() -> {
                try {
                    exit.complete(Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args));
                } catch (Throwable t) {
                    exit.completeExceptionally(t);
                }
            });
            return new Running(exit, out, err);
        }

        @Override
        public String toString() {
            return "--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    @Test
    void mountServesUntilUmountAndAReaderAsleepInTheMountIsRevokedMeanwhile() throws Exception {
        try (FsMount m = FsMount.unmounted()) {
            Files.writeString(m.src.resolve("a.txt"), "from the source\n");
            Running mount = Running.start("mount", m.mnt.toString(), "--source", m.src.toString());
            try {
                assertTrue(FsMount.await(() -> FsMount.mountedAt(m.mnt) || mount.exit().isDone(), 20_000), "never mounted: " + mount);
                assertTrue(FsMount.await(() -> mount.out().toString().contains("stop: "), 5000), mount.toString());
                String pid = Long.toString(ProcessHandle.current().pid());
                Path real = m.mnt.toRealPath();
                assertEquals("revokefs mounted at " + real + ": proc/ is the emulated /proc, dev/ the emulated devices, src/ is " + m.src + "\n"
                        + "revoke a file for every process holding it: revoke " + real + "/src/FILE\n"
                        + "stop: Ctrl-C, kill " + pid + ", or revoke umount " + real + "\n", mount.out().toString());
                assertEquals(Optional.of("fuse.revokefs"), MountTable.read().at(m.mnt).map(MountTable.Mount::type));

                FsMount.Child read = m.sh("cat " + m.at("src/a.txt"));
                assertEquals(0, read.exit(10_000), read.output());
                assertEquals("from the source", read.output());

                String kmsg = m.at("proc/kmsg").toString();
                FsMount.Child cat = m.sh("exec cat " + kmsg);
                assertTrue(FsMount.asleepInTheDaemon(cat.pid(), 10_000), "cat is not asleep in the mount");
                FsMount.warmUp(m.mnt, kmsg);
                long t0 = System.nanoTime();
                Run r = Run.of(kmsg);
                long returned = System.nanoTime();
                FsMount.Child.Line eio = cat.expect("Input/output error", 2000);
                assertNotNull(eio, cat.output() + "\n" + r);
                long seen = eio.nanos() - t0;
                FsMount.record("revoke DIR/proc/kmsg, DIR served by 'revoke mount': cat prints EIO", seen);
                assertTrue(seen < TimeUnit.SECONDS.toNanos(1), "cat read EIO " + seen / 1_000_000 + " ms after the command started");
                java.util.regex.Matcher took = java.util.regex.Pattern.compile(" in (\\d+\\.\\d+) ms;").matcher(r.out());
                assertTrue(took.find(), r.toString());
                long callStart = returned - (long) (Double.parseDouble(took.group(1)) * 1e6);
                assertTrue(eio.nanos() - callStart < DEADLINE_NANOS,
                        "cat read EIO " + (eio.nanos() - callStart) / 1_000_000 + " ms after the revoke call started");
                assertEquals(1, cat.exit(2000));
                assertEquals(ExitCodes.OK, r.exit(), r.toString());
                assertTrue(r.out().contains(kmsg + ": revoked through revokefs in "), r.toString());

                Run u = Run.of("umount", m.mnt.toString());
                assertEquals(ExitCodes.OK, u.exit(), u.toString());
                assertEquals(m.mnt + ": unmounted (files still open on it are served until closed; then 'revoke mount' exits)\n", u.out());
                assertEquals(ExitCodes.OK, mount.exit().get(10, TimeUnit.SECONDS), mount.toString());
                assertTrue(mount.out().toString().endsWith(real + ": unmounted\n"), mount.toString());
                assertEquals("", mount.err().toString());
                assertFalse(FsMount.mountedAt(m.mnt));
            } finally {
                if (!mount.exit().isDone()) {
                    FsSys.umount2(m.mnt.toString(), FsSys.MNT_DETACH); // ends serve(): the command returns
                    mount.exit().handle((x, t) -> x).get(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    @Test
    void mountRefusesAMissingAFileANonEmptyDirectoryAndAMissingSource() throws Exception {
        try (FsMount m = FsMount.unmounted()) {
            Path missing = m.base.resolve("nope");
            Run r = Run.of("mount", missing.toString());
            assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
            assertEquals("revoke: " + missing + ": No such file or directory: make the mount point first (mkdir " + missing + ")\n", r.err());

            Path file = Files.writeString(m.base.resolve("file"), "x");
            r = Run.of("mount", file.toString());
            assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
            assertEquals("revoke: " + file + ": Not a directory: revokefs mounts on an empty directory\n", r.err());

            r = Run.of("mount", m.base.toString());
            assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
            assertEquals("revoke: " + m.base + ": Directory not empty: revokefs mounts only on an empty directory"
                    + " (it would hide what is there)\n", r.err());

            Path nosrc = m.base.resolve("nosrc");
            r = Run.of("mount", m.mnt.toString(), "--source", nosrc.toString());
            assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
            assertEquals("revoke: " + nosrc + ": No such file or directory (the --source directory)\n", r.err());
            r = Run.of("mount", m.mnt.toString(), "--source", file.toString());
            assertEquals("revoke: " + file + ": Not a directory (--source serves a directory)\n", r.err());

            assertEquals("", r.out());
            assertFalse(FsMount.mountedAt(m.mnt) || FsMount.mountedAt(m.base) || FsMount.mountedAt(missing), "nothing was mounted");
        }
    }

    @Test
    void aSecondMountOnTheSamePointIsRefusedAndTheFirstIsUntouched() throws Exception {
        try (FsMount m = FsMount.mounted()) {
            Run r = Run.of("mount", m.mnt.toString());
            assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
            assertEquals("revoke: " + m.mnt + ": already a mount point (fuse.revokefs): revokefs is served there already;"
                    + " unmount it first (revoke umount " + m.mnt + ")\n", r.err());
            assertEquals(1, MountTable.read().all().stream().filter(x -> x.mountPoint().equals(m.mnt)).count());
            assertEquals("Linux version", Files.readString(m.at("proc/version")).substring(0, 13), "the first mount still serves");

            Run proc = Run.of("mount", "/proc");
            assertEquals(ExitCodes.FAILED, proc.exit(), proc.toString());
            assertEquals("revoke: /proc: already a mount point (proc): revokefs mounts on a plain empty directory\n", proc.err());
        }
    }

    @Test
    void umountRefusesWhatIsNotARevokefsMount() throws Exception {
        Path dir = Files.createTempDirectory("revoke-umount");
        try {
            Run notMounted = Run.of("umount", dir.toString());
            assertEquals(ExitCodes.FAILED, notMounted.exit(), notMounted.toString());
            assertEquals("revoke: " + dir + ": not a mount point (nothing is mounted there)\n", notMounted.err());
            Run proc = Run.of("umount", "/proc");
            assertEquals(ExitCodes.FAILED, proc.exit(), proc.toString());
            assertEquals("revoke: /proc: not a revokefs mount (proc): revoke umount unmounts only revokefs; use umount(8)\n", proc.err());
            Run missing = Run.of("umount", dir.resolve("nope").toString());
            assertEquals(ExitCodes.FAILED, missing.exit(), missing.toString());
            assertEquals("revoke: " + dir.resolve("nope") + ": No such file or directory\n", missing.err());
            assertEquals("", notMounted.out() + proc.out() + missing.out());
        } finally {
            Files.delete(dir);
        }
    }

    @Test
    void usageErrors() {
        for (String[] args : new String[][] {{"mount"}, {"umount"}, {"mount", "/a", "/b"}, {"mount", "/a", "--source"}, {"umount", "/a", "/b"}}) {
            Run r = Run.of(args);
            assertEquals(ExitCodes.USAGE, r.exit(), String.join(" ", args) + "\n" + r);
            assertTrue(r.err().contains("Try 'revoke " + args[0] + " --help' for more information."), r.toString());
        }
    }

    @Test
    void whatTheEnvironmentLacksIsSaidWithTheWayOut() {
        assertEquals(Optional.of("mounting revokefs needs root (it mounts with mount(2), which needs CAP_SYS_ADMIN;"
                + " euid is 1000): run revoke mount as root"), MountCommand.environmentProblem(1000, Path.of("/dev/fuse")));
        assertEquals(Optional.of("/nonexistent/fuse is missing: load the fuse module (modprobe fuse), or in a container"
                        + " pass the device through (docker run --device /dev/fuse --cap-add SYS_ADMIN)"),
                MountCommand.environmentProblem(0, Path.of("/nonexistent/fuse")));
        assertEquals(Optional.empty(), MountCommand.environmentProblem(0, Path.of("/")));
    }
}
