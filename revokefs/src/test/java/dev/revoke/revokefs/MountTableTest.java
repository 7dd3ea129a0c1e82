package dev.revoke.revokefs;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MountTableTest {
    private static final List<String> LINES = List.of(
            "22 1 0:21 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
            "30 22 0:25 / /proc rw,nosuid - proc proc rw",
            "41 22 0:40 / /tmp/with\\040space rw,nosuid,nodev - fuse.revokefs revokefs rw,user_id=0",
            "42 22 0:41 / /tmp/m rw - tmpfs tmpfs rw",
            "43 42 0:42 / /tmp/m rw,nosuid,nodev shared:5 master:2 - fuse.revokefs revokefs rw");

    @Test
    void parsesMountPointsTypesAndEscapes() {
        MountTable t = MountTable.parse(LINES);
        assertEquals(5, t.all().size());
        assertTrue(t.at(Path.of("/tmp/with space")).orElseThrow().isRevokeFs());
        assertEquals("proc", t.at(Path.of("/proc")).orElseThrow().type());
        assertEquals(List.of(Path.of("/tmp/with space"), Path.of("/tmp/m")), t.revokeFsMounts());
    }

    @Test
    void theTopmostMountWinsAndPathsFindTheirMount() {
        MountTable t = MountTable.parse(LINES);
        assertTrue(t.at(Path.of("/tmp/m")).orElseThrow().isRevokeFs(), "stacked: the later line is on top");
        assertTrue(t.containing(Path.of("/tmp/m/proc/kmsg")).orElseThrow().isRevokeFs());
        assertEquals("ext4", t.containing(Path.of("/tmp/mx")).orElseThrow().type());
        assertEquals("ext4", t.containing(Path.of("/etc/passwd")).orElseThrow().type());
        assertFalse(t.at(Path.of("/nowhere")).isPresent());
    }
}
