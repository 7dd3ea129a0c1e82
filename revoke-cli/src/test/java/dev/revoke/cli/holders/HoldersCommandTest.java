package dev.revoke.cli.holders;

import dev.revoke.cli.text.JsonText;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.cli.ExitCodes;
import dev.revoke.cli.Run;
import dev.revoke.panama.Pty;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

/** {@code revoke holders}: lists, never revokes; JSON parses; a missing path is an error. */
class HoldersCommandTest {
    @Test
    void listsThisJvmAsAHolderOfItsPtyAndLeavesThePtyAlone() throws Exception {
        try (Pty pty = Pty.open()) {
            Run r = Run.of("holders", pty.slavePath());
            assertEquals(ExitCodes.OK, r.exit(), r.toString());
            assertTrue(r.out().startsWith(pty.slavePath() + ": character device 136:"), r.toString());
            String self = ProcessHandle.current().pid() + " ";
            assertTrue(r.out().lines().anyMatch(l -> l.strip().startsWith(self) && l.strip().endsWith(" " + pty.slave().raw())), r.toString());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonParses() throws Exception {
        try (Pty pty = Pty.open()) {
            Run r = Run.of("holders", "--json", pty.slavePath(), "/nope");
            assertEquals(ExitCodes.FAILED, r.exit(), r.toString());
            Map<String, Object> doc = (Map<String, Object>) JsonText.parse(r.out());
            List<Map<String, Object>> results = (List<Map<String, Object>>) doc.get("results");
            assertEquals(pty.slavePath(), results.get(0).get("path"));
            assertTrue(!((List<?>) results.get(0).get("holders")).isEmpty());
            assertEquals("ENOENT", results.get(1).get("errno"));
            assertEquals("revoke: /nope: No such file or directory\n", r.err());
        }
    }

    @Test
    void identityDecodesLinuxDeviceNumbers() {
        FileIdentity small = new FileIdentity(0020666, (136L << 8) | 3, 0, 0, 0);
        assertEquals("136:3", small.deviceNumber());
        long big = ((136L & 0xfff) << 8) | ((1_000_000L & 0xff)) | ((1_000_000L & ~0xffL) << 12);
        assertEquals("136:1000000", new FileIdentity(0020666, big, 0, 0, 0).deviceNumber());
    }
}
