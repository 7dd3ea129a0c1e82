package dev.revoke.revokefs;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Who may revoke, checked end to end: the client ({@code RevokeFsMain
 * revoke}) runs as {@code nobody}. The kernel wants write permission for a
 * {@code user.*} attribute; the daemon then wants the owner (or root).
 */
class PermissionTest {
    private static final int NOBODY = 65534;

    private static int revokeAsNobody(Path path, StringBuilder out) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", ProcessHandle.current().info().command().orElse("java"),
                "-XX:-UsePerfData", "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                RevokeFsMain.class.getName(), "revoke", path.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "client hung");
        out.append(new String(p.getInputStream().readAllBytes()));
        return p.exitValue();
    }

    @Test
    void onlyTheOwnerOrRootMayRevoke() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv(1) (util-linux) to run as nobody");
        try (Mounted m = Mounted.withSource()) {
            Files.setPosixFilePermissions(m.base, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path rootOnly = Files.writeString(m.src.resolve("root.txt"), "r\n");
            Path shared = Files.writeString(m.src.resolve("shared.txt"), "s\n");
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-rw-rw-"));
            Path mine = Files.writeString(m.src.resolve("mine.txt"), "m\n");
            Files.setAttribute(mine, "unix:uid", NOBODY);
            Files.setAttribute(mine, "unix:gid", NOBODY);

            Path gate = m.fifo("gate");
            Mounted.Child holder = m.sh("exec 3< " + m.at("src/mine.txt") + "; echo open; read x < " + gate
                    + "; cat <&3 || echo held=failed");
            assertNotNull(holder.expect("open", 10_000));

            StringBuilder out = new StringBuilder();
            assertEquals(1, revokeAsNobody(m.at("src/root.txt"), out), out.toString());
            assertTrue(out.toString().contains("Permission denied (EACCES)"), "the kernel's check: " + out);

            out.setLength(0);
            assertEquals(1, revokeAsNobody(m.at("src/shared.txt"), out), out.toString());
            assertTrue(out.toString().contains("Operation not permitted (EPERM)"), "the daemon's check: " + out);

            out.setLength(0);
            assertEquals(0, revokeAsNobody(m.at("src/mine.txt"), out), out.toString());
            Mounted.open(gate);
            assertNotNull(holder.expect("held=failed", 5000), "root's descriptor of nobody's file: "
                    + holder.output());
            assertEquals(1, m.fs.filesystem().revocations());
            assertEquals("r\n", Files.readString(rootOnly));
        }
    }

    @Test
    void filesAreCreatedAsTheCallerWithTheCallersUmask() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv(1) (util-linux) to run as nobody");
        try (Mounted m = Mounted.withSource()) {
            Files.setPosixFilePermissions(m.base, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path pub = Files.createDirectory(m.src.resolve("pub"));
            Files.setPosixFilePermissions(pub, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path rootFile = Files.writeString(pub.resolve("root.txt"), "r\n");
            Files.setPosixFilePermissions(rootFile, PosixFilePermissions.fromString("rw-rw-rw-"));
            String d = m.at("src/pub").toString();
            Process p = new ProcessBuilder("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                    "sh", "-c", "umask 002 && cd " + d + " && echo x > new.txt && mkdir dir && ln -s new.txt link"
                    + " && echo more >> root.txt").redirectErrorStream(true).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
            assertEquals(NOBODY, Files.getAttribute(pub.resolve("new.txt"), "unix:uid"));
            assertEquals(NOBODY, Files.getAttribute(pub.resolve("new.txt"), "unix:gid"));
            assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(pub.resolve("new.txt"))));
            assertEquals(NOBODY, Files.getAttribute(pub.resolve("dir"), "unix:uid"));
            assertEquals("rwxrwxr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(pub.resolve("dir"))));
            assertEquals(NOBODY, Files.getAttribute(pub.resolve("link"), "unix:uid",
                    java.nio.file.LinkOption.NOFOLLOW_LINKS));
            assertEquals(0, Files.getAttribute(rootFile, "unix:uid"), "an existing file keeps its owner");
            assertEquals("r\nmore\n", Files.readString(rootFile));
        }
    }
}
