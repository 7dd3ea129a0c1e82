package dev.revoke.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** --help and --version on every command, and the completion script. */
class HelpAndVersionTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "holders", "mount", "umount", "demo", "sim"})
    void helpAndVersionEverywhere(String sub) {
        String[] help = sub.isEmpty() ? new String[] {"--help"} : new String[] {sub, "--help"};
        Run h = Run.of(help);
        assertEquals(ExitCodes.OK, h.exit(), h.toString());
        assertTrue(h.out().startsWith("Usage: revoke" + (sub.isEmpty() ? "" : " " + sub)), h.toString());
        assertTrue(h.out().contains("Exit codes:"), h.toString());
        String[] version = sub.isEmpty() ? new String[] {"--version"} : new String[] {sub, "--version"};
        Run v = Run.of(version);
        assertEquals(ExitCodes.OK, v.exit(), v.toString());
        assertTrue(v.out().startsWith("revoke " + VersionProvider.version()), v.toString());
        assertTrue(!VersionProvider.version().equals("unknown") && !VersionProvider.version().contains("${"), v.toString());
    }

    @Test
    void generateCompletionPrintsABashScript() {
        Run r = Run.of("generate-completion");
        assertEquals(ExitCodes.OK, r.exit(), r.toString());
        assertTrue(r.out().contains("complete -F") && r.out().contains("holders") && r.out().contains("sim")
                && r.out().contains("mount") && r.out().contains("umount"), r.toString());
    }
}
