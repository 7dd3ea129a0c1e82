package dev.revoke.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.cli.ExitCodes;
import dev.revoke.cli.Run;
import dev.revoke.panama.Sys;
import org.junit.jupiter.api.Test;

/** The README's first command, {@code revoke demo}, run as a user would, in-process. */
class DemoCommandTest {
    @Test
    void theDemoRunsEveryScenePassesEveryCheckAndTellsTheStory() {
        Run r = Run.of("demo");
        assertEquals(ExitCodes.OK, r.exit(), r.toString());
        assertEquals("", r.err(), r.toString());
        String out = r.out();
        for (String line : new String[] {
                "== 1/3 proc-removal: a /proc entry removed while a reader sleeps in it ==",
                "read(3, 128) ... asleep",
                "remove_proc_entry(\"kmsg\") = 0  (1 entry run down, 1 file released",
                "... read(3, 128) = -1 EIO (Input/output error)  [slept ",
                "open(\"/proc/kmsg\", O_RDONLY) = -1 ENOENT (No such file or directory)",
                "== 2/3 device-aliases:",
                "revoke(\"/dev/serial/by-id/usb-revoke_Serial_F0-if00\") = -1 EPERM (Operation not permitted)",
                "revoke(\"/dev/serial/by-id/usb-revoke_Serial_F0-if00\") = 0  [took ",
                "read(4, 64) = 4 \"ATZ\\r\"",
                "== 3/3 real-pty:",
                "revoke(\"/dev/ttyR0\") = 0  [took ",
                "ok     every real descriptor the emulation opened was closed exactly once",
                "demo: 3 scenes, ",
                ", all held ("}) {
            assertTrue(out.contains(line), "missing: " + line + "\n" + out);
        }
        if (Sys.geteuid() == 0) {
            assertTrue(out.contains("ok     the real read(2) returned 0: end-of-file"), out);
        }
        assertTrue(!out.contains("FAILED"), out);
    }

    @Test
    void listAndOneScene() {
        Run list = Run.of("demo", "--list");
        assertEquals(ExitCodes.OK, list.exit(), list.toString());
        assertEquals(3, list.out().lines().count(), list.toString());
        Run one = Run.of("demo", "--scene", "device-aliases");
        assertEquals(ExitCodes.OK, one.exit(), one.toString());
        assertTrue(one.out().contains("== 1/1 device-aliases:") && one.out().contains("demo: 1 scene, "), one.toString());
    }

    @Test
    void anUnknownSceneIsAUsageError() {
        Run r = Run.of("demo", "--scene", "nope");
        assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
        assertEquals("revoke demo: no scene 'nope' (see 'revoke demo --list')\n", r.err());
    }
}
