package dev.revoke.cli.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.cli.AsNobody;
import dev.revoke.cli.ExitCodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * revokefs through the CLI as user nobody ({@link AsNobody}): mounting
 * says it needs root; revoking root's file is refused by the kernel
 * without write permission (EACCES) and by the daemon when writable but
 * not nobody's (EPERM), each with the reason; the file keeps working.
 */
class FsNonRootTest {
    private static AsNobody nobody;

    @BeforeAll
    static void stage() throws IOException {
        FsMount.assumeFuse();
        nobody = AsNobody.stage();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (nobody != null) {
            nobody.close();
        }
    }

    @Test
    void mountingNeedsRoot() throws Exception {
        try (FsMount m = FsMount.unmounted()) {
            Files.setPosixFilePermissions(m.mnt, PosixFilePermissions.fromString("rwxrwxrwx"));
            AsNobody.Result r = nobody.run("mount", m.mnt.toString());
            assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
            assertTrue(r.err().startsWith("revoke: " + m.mnt + ": mounting revokefs needs root (it mounts with mount(2),"
                    + " which needs CAP_SYS_ADMIN; euid is "), r.toString());
            assertTrue(r.err().endsWith("): run revoke mount as root\n"), r.toString());
            assertFalse(FsMount.mountedAt(m.mnt));
        }
    }

    @Test
    void revokingRootsFileWithoutWritePermissionOrOwnershipIsRefusedWithTheReason() throws Exception {
        try (FsMount m = FsMount.mounted()) {
            Path readOnly = Files.writeString(m.src.resolve("ro.txt"), "x\n");
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rw-r--r--"));
            Path writable = Files.writeString(m.src.resolve("rw.txt"), "x\n");
            Files.setPosixFilePermissions(writable, PosixFilePermissions.fromString("rw-rw-rw-"));
            String ro = m.at("src/ro.txt").toString();
            String rw = m.at("src/rw.txt").toString();

            AsNobody.Result r = nobody.run(ro, rw);

            assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
            assertEquals("revoke: " + ro + ": Permission denied: revoking a revokefs file needs write permission on it"
                    + " (and to be its owner, or root)\n"
                    + "revoke: " + rw + ": Operation not permitted: only the file's owner or root may revoke it\n", r.err());
            assertEquals("", r.out());
            assertEquals(0, m.fs.passthrough().releases(), "nothing was revoked");
            assertEquals("x\n", Files.readString(m.at("src/rw.txt")));
        }
    }
}
