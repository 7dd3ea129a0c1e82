package dev.revoke.cli.terminal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.revoke.cli.ExitCodes;
import dev.revoke.cli.Main;
import dev.revoke.kernel.Kernel;
import dev.revoke.panama.Pty;
import dev.revoke.panama.Sys;
import dev.revoke.procfs.ProcFs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The refusals root never sees, seen for real: {@code revoke} run as user
 * nobody (through setpriv, in a JVM of its own) gets EACCES opening
 * someone else's pty, and EPERM from TIOCVHANGUP on its own pty (no
 * CAP_SYS_ADMIN). The classes are copied where nobody can read them.
 */
class NonRootTest {
    private static Path classpath;

    @BeforeAll
    static void stageClasspath() throws IOException {
        assumeTrue(Sys.geteuid() == 0, "needs root to switch to user nobody; euid " + Sys.geteuid() + " - skipped (CI runs as root)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is not installed - skipped");
        classpath = Files.createTempDirectory("revoke-nonroot");
        Files.setPosixFilePermissions(classpath, PosixFilePermissions.fromString("rwxr-xr-x"));
        int n = 0;
        for (Class<?> c : List.of(Main.class, picocli.CommandLine.class, Kernel.class, ProcFs.class, Sys.class)) {
            Path from = Path.of(c.getProtectionDomain().getCodeSource().getLocation().getPath());
            copy(from, classpath.resolve("cp" + n++ + (Files.isDirectory(from) ? "" : ".jar")));
        }
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (classpath != null) {
            try (Stream<Path> all = Files.walk(classpath)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
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

            Result r = asNobody(rootsPty.slavePath(), nobodysPty.slavePath());

            assertEquals(ExitCodes.FAILED, r.exit, r.toString());
            assertTrue(r.err.contains("revoke: " + rootsPty.slavePath() + ": Permission denied\n"), r.toString());
            assertTrue(r.err.contains("revoke: " + nobodysPty.slavePath()
                    + ": Operation not permitted: TIOCVHANGUP needs CAP_SYS_ADMIN: run as root or grant CAP_SYS_ADMIN\n"), r.toString());
            byte[] x = {'x'};
            assertEquals(1, Sys.write(nobodysPty.slave().raw(), x, 0, 1), "the refused pty was not hung up");
        }
    }

    private record Result(int exit, String out, String err) {
    }

    private static Result asNobody(String... args) throws Exception {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--",
                java, "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED", "-cp", classpathString(), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(Path.of("/").toFile()).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "revoke as nobody did not finish");
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes()), new String(p.getErrorStream().readAllBytes()));
    }

    private static String classpathString() throws IOException {
        try (Stream<Path> entries = Files.list(classpath)) {
            return String.join(":", entries.map(Path::toString).sorted().toList());
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rw-r--r--"));
            return;
        }
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                    Files.setPosixFilePermissions(q, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(p, q);
                    Files.setPosixFilePermissions(q, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
    }
}
