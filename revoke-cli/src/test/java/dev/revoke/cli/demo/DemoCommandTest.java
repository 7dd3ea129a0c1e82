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
                "== 1/4 proc-removal: a /proc entry removed while a reader sleeps in it ==",
                "read(3, 128) ... asleep",
                "remove_proc_entry(\"kmsg\") = 0  (1 entry run down, 1 file released",
                "... read(3, 128) = -1 EIO (Input/output error)  [slept ",
                "open(\"/proc/kmsg\", O_RDONLY) = -1 ENOENT (No such file or directory)",
                "== 2/4 tty-hangup: a logged-in session's tty hung up ==",
                "openpty() = 3  (the master; slave /dev/pts/0, unlocked)",
                "sh[3]            login(\"/dev/pts/0\") = 0  (open O_RDWR = 3: its controlling tty (session 3",
                "sh[3]            read(0, 128) = 6 \"ls -l\\n\"",
                "read(3, 128) = 7 \"ls -l\\r\\n\"",
                "sh[3]            read(0, 128) ... asleep",
                "kernel           tty_hangup(pts/0) = 0  (generation 1: 1 file hung up, SIGHUP and SIGCONT to pid 3, drain ",
                "sh[3]            ... read(0, 128) = 0  [slept ",
                "sh[3]            write(1, \"$ \", 2) = -1 EIO (Input/output error)",
                "revents=POLLIN|POLLOUT|POLLERR|POLLHUP",
                "ioctl(0, FIONREAD, [0]) = -1 EIO",
                "ioctl(0, TIOCSPGRP, [3]) = -1 ENOTTY",
                "open(\"/dev/tty\", O_RDWR) = -1 ENXIO",
                "sh[3]            signals received: [SIGHUP, SIGCONT]",
                "ok     the session leader got SIGHUP, then SIGCONT",
                "sh[4]            login(\"/dev/pts/0\") = 0",
                "sh[4]            read(0, 128) = 8 \"echo hi\\n\"",
                "ok     the new shell logged in on generation 2 of pts/0",
                "== 3/4 device-aliases:",
                "revoke(\"/dev/serial/by-id/usb-revoke_Serial_F0-if00\") = -1 EPERM (Operation not permitted)",
                "revoke(\"/dev/serial/by-id/usb-revoke_Serial_F0-if00\") = 0  [took ",
                "read(4, 64) = 4 \"ATZ\\r\"",
                "== 4/4 real-pty:",
                "revoke(\"/dev/ttyR0\") = 0  [took ",
                "ok     every real descriptor the emulation opened was closed exactly once",
                "demo: 4 scenes, ",
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
        assertEquals(4, list.out().lines().count(), list.toString());
        assertTrue(list.out().lines().toList().get(1).startsWith("tty-hangup "), list.toString());
        Run one = Run.of("demo", "--scene", "device-aliases");
        assertEquals(ExitCodes.OK, one.exit(), one.toString());
        assertTrue(one.out().contains("== 1/1 device-aliases:") && one.out().contains("demo: 1 scene, "), one.toString());
        Run tty = Run.of("demo", "--scene", "tty-hangup");
        assertEquals(ExitCodes.OK, tty.exit(), tty.toString());
        assertTrue(tty.out().contains("== 1/1 tty-hangup:") && tty.out().contains(", 10 checks, all held"), tty.toString());
    }

    @Test
    void anUnknownSceneIsAUsageError() {
        Run r = Run.of("demo", "--scene", "nope");
        assertEquals(ExitCodes.USAGE, r.exit(), r.toString());
        assertEquals("revoke demo: no scene 'nope' (see 'revoke demo --list')\n", r.err());
    }
}
