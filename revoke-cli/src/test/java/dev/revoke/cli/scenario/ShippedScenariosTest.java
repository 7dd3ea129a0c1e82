package dev.revoke.cli.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.cli.ExitCodes;
import dev.revoke.cli.Run;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Every scenario in the repository's scenarios/ directory runs and all its expectations hold. */
class ShippedScenariosTest {
    /** Surefire runs in revoke-cli/; the scenarios live at the repository root. */
    static final Path DIR = Path.of("..", "scenarios");

    @TestFactory
    Stream<DynamicTest> everyShippedScenarioPasses() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".scenario")).sorted().toList();
        }
        assertTrue(files.size() >= 4, "the shipped scenarios are missing from " + DIR.toAbsolutePath());
        for (String name : List.of("shared-file-b1.scenario", "proc-removal.scenario", "device-aliases.scenario",
                "tty-hangup.scenario", "tty-jobcontrol.scenario")) {
            assertTrue(files.contains(DIR.resolve(name)), name + " is missing from " + DIR.toAbsolutePath());
        }
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            Run r = Run.of("sim", f.toString());
            assertEquals(ExitCodes.OK, r.exit(), r.toString());
            assertEquals("", r.err(), r.toString());
            assertTrue(r.out().contains(f + ": ok ("), r.toString());
        }));
    }
}
