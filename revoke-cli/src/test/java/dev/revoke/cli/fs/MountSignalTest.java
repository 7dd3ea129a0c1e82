package dev.revoke.cli.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.cli.Main;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code revoke mount} as it is used: the real command (Main) in a JVM of
 * its own, with a real process holding a file of the mount open. SIGINT
 * (Ctrl-C) and SIGTERM unmount it (the shutdown hook) and the JVM exits
 * with 128 + the signal; nothing stays in /proc/self/mounts.
 */
class MountSignalTest {
    private static List<String> revoke(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    @ParameterizedTest
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalUnmountsAndTheCommandExits(String signal, int status) throws Exception {
        try (FsMount m = FsMount.unmounted()) {
            Files.writeString(m.src.resolve("a.txt"), "x\n");
            Path log = m.base.resolve("mount.log");
            Process daemon = new ProcessBuilder(revoke("mount", m.mnt.toString(), "--source", m.src.toString()))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                assertTrue(FsMount.await(() -> FsMount.mountedAt(m.mnt) && read(log).contains("stop: "), 30_000),
                        "never mounted: " + read(log));
                FsMount.Child holder = m.sh("exec 3< " + m.at("src/a.txt") + "; echo holding; exec sleep 30");
                assertTrue(holder.expect("holding", 10_000) != null, holder.output());

                long t0 = System.nanoTime();
                assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(daemon.pid())).start().waitFor());
                assertTrue(daemon.waitFor(20, TimeUnit.SECONDS), "revoke mount still running after SIG" + signal + ": " + read(log));
                FsMount.record("revoke mount: SIG" + signal + " -> unmounted and exited", System.nanoTime() - t0);
                assertEquals(status, daemon.exitValue(), read(log));
                assertFalse(FsMount.mountedAt(m.mnt), "stale mount after SIG" + signal);
                String out = read(log);
                assertTrue(out.startsWith("revokefs mounted at " + m.mnt.toRealPath() + ": "), out);
                assertTrue(out.endsWith(m.mnt.toRealPath() + ": unmounted\n"), out);
            } finally {
                daemon.destroyForcibly();
                daemon.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }
}
