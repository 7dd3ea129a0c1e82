package dev.revoke.cli.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.cli.AsNobody;
import dev.revoke.cli.ExitCodes;
import dev.revoke.panama.Pty;
import dev.revoke.panama.Sys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;

/**
 * The refusals root never sees, seen for real: {@code revoke} run as user
 * nobody ({@link AsNobody}) gets EACCES opening someone else's pty, and
 * EPERM from TIOCVHANGUP on its own pty (no CAP_SYS_ADMIN).
 */
class NonRootTest {
    private static AsNobody nobody;

    @BeforeAll
    static void stageClasspath() throws IOException {
        nobody = AsNobody.stage();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (nobody != null) {
            nobody.close();
        }
    }

    @Test
    void aNonOwnerGetsPermissionDeniedAndANonRootOwnerGetsTheCapabilityHint() throws Exception {
        try (Pty rootsPty = Pty.open(); Pty nobodysPty = Pty.open()) {
            UserPrincipalLookupService users = Path.of("/").getFileSystem().getUserPrincipalLookupService();
            Path nobodys = Path.of(nobodysPty.slavePath());
            Files.setOwner(nobodys, users.lookupPrincipalByName("nobody"));
            Files.setPosixFilePermissions(nobodys, PosixFilePermissions.fromString("rw--w----"));
            Files.setPosixFilePermissions(Path.of(rootsPty.slavePath()), PosixFilePermissions.fromString("rw--w----"));

            AsNobody.Result r = nobody.run(rootsPty.slavePath(), nobodysPty.slavePath());

            assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
            assertTrue(r.err().contains("revoke: " + rootsPty.slavePath() + ": Permission denied\n"), r.toString());
            assertTrue(r.err().contains("revoke: " + nobodysPty.slavePath()
                    + ": Operation not permitted: TIOCVHANGUP needs CAP_SYS_ADMIN: run as root or grant CAP_SYS_ADMIN\n"), r.toString());
            byte[] x = {'x'};
            assertEquals(1, Sys.write(nobodysPty.slave().raw(), x, 0, 1), "the refused pty was not hung up");
        }
    }
}
