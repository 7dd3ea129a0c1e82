package dev.revoke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The ./revoke launcher is not run here (during the test phase it would
 * start a build of this very module); it is checked to be an executable
 * bash script that parses and runs the jar this module's pom builds.
 */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "revoke");

    @Test
    void theLauncherIsAnExecutableScriptThatParsesAndRunsTheShadedJar() throws Exception {
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER.toAbsolutePath() + " is not executable");
        String script = Files.readString(LAUNCHER);
        assertTrue(script.contains("revoke-cli/target/revoke.jar"), "the jar path");
        assertTrue(script.contains("./build package") || script.contains("/build\" package -pl revoke-cli -am"), "the build");
        assertTrue(script.contains("--enable-native-access=ALL-UNNAMED"), "native access");
        assertTrue(Files.readString(Path.of("pom.xml")).contains("<finalName>revoke</finalName>"), "the shade plugin names the jar revoke.jar");
        Process p = new ProcessBuilder("bash", "-n", LAUNCHER.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }
}
