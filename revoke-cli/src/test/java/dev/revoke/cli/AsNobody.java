package dev.revoke.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.revoke.kernel.Kernel;
import dev.revoke.panama.Sys;
import dev.revoke.procfs.ProcFs;
import dev.revoke.revokefs.RevokeFs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code revoke} run as user nobody (setpriv, a JVM of its own), for the
 * refusals root never sees. The command's classes are copied where nobody
 * can read them (the build's own directories and the Maven repository may
 * not be readable). Needs root, to switch users: {@link #stage()} skips the
 * test otherwise (CI runs as root, where nothing skips).
 */
public final class AsNobody implements AutoCloseable {
    /** One class of every module the command loads, for the class path entry it came from. */
    private static final List<Class<?>> ROOTS = List.of(Main.class, picocli.CommandLine.class, Kernel.class, ProcFs.class,
            Sys.class, RevokeFs.class, dev.revoke.tty.Termios.class);

    private final Path classpath;

    private AsNobody(Path classpath) {
        this.classpath = classpath;
    }

    /** What {@link #run} returns: exit status, stdout, stderr. */
    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static AsNobody stage() throws IOException {
        assumeTrue(Sys.geteuid() == 0, "needs root to switch to user nobody; euid " + Sys.geteuid() + " - skipped (CI runs as root)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv (util-linux) is not installed - skipped");
        Path dir = Files.createTempDirectory("revoke-nonroot");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Set<Path> entries = new LinkedHashSet<>();
        for (Class<?> c : ROOTS) {
            entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().getPath()));
        }
        int n = 0;
        for (Path from : entries) {
            copy(from, dir.resolve("cp" + n++ + (Files.isDirectory(from) ? "" : ".jar")));
        }
        return new AsNobody(dir);
    }

    /** Runs {@code revoke args...} as nobody:nogroup, from /. */
    public Result run(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--",
                java, "-XX:-UsePerfData", "-XX:TieredStopAtLevel=1", "--enable-native-access=ALL-UNNAMED",
                "-cp", classpathString(), Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(Path.of("/").toFile()).start();
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "revoke as nobody did not finish");
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes()), new String(p.getErrorStream().readAllBytes()));
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> all = Files.walk(classpath)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private String classpathString() throws IOException {
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
