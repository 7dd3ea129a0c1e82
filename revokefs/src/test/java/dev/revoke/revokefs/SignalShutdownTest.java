package dev.revoke.revokefs;

import dev.revoke.revokefs.sys.FsSys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code RevokeFsMain mount} in a JVM of its own, as the CLI will run it:
 * SIGINT and SIGTERM unmount (the shutdown hook) and the JVM exits, even
 * with a real process holding a file of the mount open; {@code umount}
 * from another JVM ends the daemon too.
 */
class SignalShutdownTest {

    private static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(RevokeFsMain.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM", "umount"})
    void theDaemonUnmountsAndExits(String how) throws Exception {
        Mounted.assumeFuse();
        Path base = Files.createTempDirectory("revokefs-signal");
        Path mnt = Files.createDirectory(base.resolve("mnt"));
        Path src = Files.createDirectory(base.resolve("src"));
        Files.writeString(src.resolve("a.txt"), "x\n");
        Process daemon = new ProcessBuilder(java("mount", mnt.toString(), "--source", src.toString()))
                .redirectErrorStream(true).redirectOutput(base.resolve("daemon.log").toFile()).start();
        Process holder = null;
        try {
            assertTrue(Mounted.await(() -> Mounted.mountedAt(mnt), 20_000), "never mounted: " + log(base));
            Process cat = new ProcessBuilder("cat", mnt.resolve("src/a.txt").toString()).start();
            assertEquals(0, cat.waitFor(), "cat through the mount");
            // a process keeps a file of the mount open across the shutdown
            holder = new ProcessBuilder("sh", "-c", "exec 3< " + mnt.resolve("src/a.txt") + "; exec sleep 30").start();
            Thread.sleep(200);

            long t0 = System.nanoTime();
            switch (how) {
                case "umount" -> {
                    Process u = new ProcessBuilder(java("umount", mnt.toString())).inheritIO().start();
                    assertEquals(0, u.waitFor());
                    // lazily detached: the daemon serves the holder until it closes its file
                    assertFalse(Mounted.mountedAt(mnt));
                    holder.destroyForcibly().waitFor();
                }
                default -> new ProcessBuilder("kill", "-" + how, String.valueOf(daemon.pid())).start().waitFor();
            }
            assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), "daemon still running: " + log(base));
            Latencies.record("daemon JVM gone after " + how, System.nanoTime() - t0);
            assertFalse(Mounted.mountedAt(mnt), "stale mount after " + how);
            assertTrue(log(base).contains("revokefs: serving " + mnt), log(base));
        } finally {
            if (holder != null) {
                holder.destroyForcibly();
            }
            daemon.destroyForcibly();
            daemon.waitFor(10, TimeUnit.SECONDS);
            if (Mounted.mountedAt(mnt)) {
                FsSys.umount2(mnt.toString(), FsSys.MNT_DETACH);
            }
            try (Stream<Path> walk = Files.walk(base)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String log(Path base) {
        try {
            return Files.readString(base.resolve("daemon.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
