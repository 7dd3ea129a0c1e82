package dev.revoke.revokefs;

import static dev.revoke.panama.Errno.EBUSY;
import static dev.revoke.panama.Errno.EINVAL;
import static dev.revoke.panama.Errno.ENOENT;
import static dev.revoke.panama.Errno.ENOTDIR;
import static dev.revoke.panama.Errno.ENOTEMPTY;
import static dev.revoke.panama.Errno.EPERM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.revokefs.bridge.RevokeOutcome;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Every misuse is a clear error with an errno, and leaves nothing mounted. */
class BadInputTest {

    @Test
    void mountingOnAMissingDirectory() throws IOException {
        Mounted.assumeFuse();
        Path base = Files.createTempDirectory("revokefs-bad");
        try {
            Path missing = base.resolve("nope");
            RevokeFsException e = assertThrows(RevokeFsException.class,
                    () -> RevokeFs.mount(missing, Optional.empty()));
            assertEquals(ENOENT.number(), e.errno());
            assertEquals("revokefs: mount point " + missing + " does not exist", e.getMessage());
            assertFalse(Mounted.mountedAt(missing));
        } finally {
            Files.delete(base);
        }
    }

    @Test
    void mountingOnAFileOrANonEmptyDirectory() throws IOException {
        Mounted.assumeFuse();
        Path base = Files.createTempDirectory("revokefs-bad");
        Path file = Files.writeString(base.resolve("file"), "x");
        try {
            RevokeFsException onFile = assertThrows(RevokeFsException.class,
                    () -> RevokeFs.mount(file, Optional.empty()));
            assertEquals(ENOTDIR.number(), onFile.errno());
            RevokeFsException full = assertThrows(RevokeFsException.class,
                    () -> RevokeFs.mount(base, Optional.empty()));
            assertEquals(ENOTEMPTY.number(), full.errno());
            assertEquals("revokefs: mount point " + base.toRealPath() + " is not empty", full.getMessage());
            assertFalse(Mounted.mountedAt(base.toRealPath()));
        } finally {
            Files.delete(file);
            Files.delete(base);
        }
    }

    @Test
    void aMissingSourceIsRefusedBeforeAnythingIsMounted() throws IOException {
        Mounted.assumeFuse();
        Path base = Files.createTempDirectory("revokefs-bad");
        Path mnt = Files.createDirectory(base.resolve("mnt"));
        try {
            RevokeFsException e = assertThrows(RevokeFsException.class,
                    () -> RevokeFs.mount(mnt, Optional.of(base.resolve("nosrc"))));
            assertEquals(ENOENT.number(), e.errno());
            assertTrue(e.getMessage().contains("source"), e.getMessage());
            assertFalse(Mounted.mountedAt(mnt));
        } finally {
            Files.delete(mnt);
            Files.delete(base);
        }
    }

    @Test
    void aSecondMountOnTheSamePoint() throws IOException {
        try (Mounted m = Mounted.withSource()) {
            RevokeFsException e = assertThrows(RevokeFsException.class,
                    () -> RevokeFs.mount(m.mnt, Optional.empty()));
            assertEquals(EBUSY.number(), e.errno());
            assertEquals("revokefs: " + m.mnt.toRealPath() + " is already a mount point (fuse.revokefs)",
                    e.getMessage());
            assertTrue(Mounted.mountedAt(m.mnt), "the first mount is untouched");
            assertEquals(1, MountTableTestSupport.countAt(m.mnt));
        }
    }

    @Test
    void revokingAPathOutsideAnyMount() throws IOException {
        Path f = Files.createTempFile("revokefs-not", ".txt");
        try {
            assertFalse(RevokeFs.serves(f));
            RevokeFs.Result r = RevokeFs.revokePath(f);
            assertEquals(EINVAL.negative(), r.status());
            assertEquals("revoke: " + f.toRealPath() + ": not a revokefs file", r.message());
            RevokeFsException e = assertThrows(RevokeFsException.class, r::orThrow);
            assertEquals(EINVAL.number(), e.errno());
        } finally {
            Files.delete(f);
        }
        RevokeFs.Result missing = RevokeFs.revokePath(Path.of("/x"));
        assertEquals(ENOENT.negative(), missing.status());
        assertEquals("revoke: /x: No such file or directory", missing.message());
    }

    @Test
    void revokingWhatCannotBeRevokedInsideAMount() throws IOException {
        try (Mounted m = Mounted.withSource()) {
            Files.createDirectory(m.src.resolve("d"));
            assertTrue(RevokeFs.serves(m.at("proc/kmsg")));
            assertTrue(RevokeFs.serves(m.at("src/d")));
            assertFalse(RevokeFs.serves(m.at("src/none")));
            RevokeFs.Result permanent = RevokeFs.revokePath(m.at("proc/uptime"));
            assertEquals(EPERM.negative(), permanent.status(), permanent.message());
            RevokeFs.Result dir = RevokeFs.revokePath(m.at("src/d"));
            assertEquals(EINVAL.negative(), dir.status(), dir.message());
            RevokeFs.Result procDir = RevokeFs.revokePath(m.at("proc/sys"));
            assertEquals(EINVAL.negative(), procDir.status(), procDir.message());
            RevokeFs.Result missing = RevokeFs.revokePath(m.at("src/none"));
            assertEquals(ENOENT.negative(), missing.status(), missing.message());
            // not the owner: the daemon's check (FreeBSD's rule: owner or root)
            Files.writeString(m.src.resolve("a.txt"), "x");
            RevokeOutcome o = m.fs.revoke("src/a.txt", 1000);
            assertEquals(EPERM.negative(), o.status(), o.toString());
            assertTrue(m.fs.revoke("src/a.txt", 0).ok());
        }
    }

    @Test
    void unmountingWhatIsNotARevokefsMount() throws IOException {
        Path dir = Files.createTempDirectory("revokefs-bad");
        try {
            RevokeFsException notMounted = assertThrows(RevokeFsException.class, () -> RevokeFs.umount(dir));
            assertEquals(EINVAL.number(), notMounted.errno());
            assertEquals("revokefs: umount " + dir + ": not mounted", notMounted.getMessage());
            RevokeFsException proc = assertThrows(RevokeFsException.class, () -> RevokeFs.umount(Path.of("/proc")));
            assertEquals(EINVAL.number(), proc.errno());
            assertTrue(proc.getMessage().contains("not a revokefs mount (proc)"), proc.getMessage());
        } finally {
            Files.delete(dir);
        }
    }

    @Test
    void theMainCommandsReportUsageAndFailures() {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true));
        try {
            assertEquals(2, RevokeFsMain.run(new String[] {}));
            assertEquals(2, RevokeFsMain.run(new String[] {"frob", "x"}));
            assertEquals(2, RevokeFsMain.run(new String[] {"mount", "/a", "--sauce", "/b"}));
            assertEquals(1, RevokeFsMain.run(new String[] {"revoke", "/x"}));
            assertEquals(1, RevokeFsMain.run(new String[] {"umount", "/proc"}));
        } finally {
            System.setErr(err);
        }
        String out = buf.toString();
        assertTrue(out.contains("usage: revokefs mount DIR [--source SRC]"), out);
        assertTrue(out.contains("revoke: /x: No such file or directory"), out);
        assertTrue(out.contains("not a revokefs mount"), out);
    }
}
