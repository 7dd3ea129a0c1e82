package dev.revoke.tty;

import static dev.revoke.tty.TtySystem.awaitParked;
import static dev.revoke.tty.TtySystem.bytes;
import static dev.revoke.tty.TtySystem.errno;
import static dev.revoke.tty.TtySystem.ok;
import static dev.revoke.tty.TtySystem.open;
import static dev.revoke.tty.TtySystem.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.kernel.Process;
import dev.revoke.kernel.Signal;
import dev.revoke.tty.pty.PtyPair;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.DeviceNumber;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A thousand logins and hangups, through every entry point in turn, and a
 * thousand terminals opened and closed: every count returns to where it
 * was, and no table grows.
 */
class CyclesTest {
    private static final int CYCLES = 1000;

    private final TtySystem sys = new TtySystem();

    @Test
    void aThousandHangupsAndReopensLeakNothing() throws Exception {
        TtyLayer.Terminal term = sys.terminal();
        Tty tty = term.tty();
        PtyPair pair = term.pair();
        Process sh = sys.kernel.spawn("sh", 0);
        List<Integer> fdsBefore = sh.openFds();
        int processes = sys.kernel.processes().size();
        byte[] buf = new byte[16];

        for (int i = 0; i < CYCLES; i++) {
            int fd = open(sh, term.slavePath(), Abi.O_RDWR);
            assertTrue(sh.controllingTty() == tty, "cycle " + i + ": acquired on open");
            int dup = ok(sh.dup(fd));
            term.type("in" + i + "\n");
            assertEquals(("in" + i + "\n").length(), (int) sh.read(fd, buf));
            ok(sh.write(fd, bytes("out\n")));
            assertTrue(term.screen().endsWith("out\r\n"));
            assertEquals(1, tty.attachedCount());

            var reader = i % 100 == 0 ? start("reader", () -> sh.read(dup, new byte[4])) : null;
            if (reader != null) {
                awaitParked(reader.thread());
            }
            switch (i % 5) {
                case 0 -> tty.vhangup();
                case 1 -> tty.hangup().join();
                case 2 -> ok(sh.vhangup());
                case 3 -> ok(sh.ioctl(fd, Abi.TIOCVHANGUP, null));
                default -> ok(sh.revoke(term.slavePath()));
            }
            if (reader != null) {
                assertEquals(0L, reader.get());
            }
            assertEquals(0L, sh.read(dup, buf), "cycle " + i);
            assertEquals("EIO", errno(sh.write(fd, bytes("x"))));
            assertNull(sh.controllingTty());
            ok(sh.close(fd));
            ok(sh.close(dup));
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while ((tty.counters().releases() < CYCLES || tty.counters().hangups() < CYCLES) && System.nanoTime() < deadline) {
            Thread.sleep(1); // a TIOCVHANGUP's releases and driver hangup finish just after the ioctl returns
        }

        Tty.Counters c = tty.counters();
        assertEquals(CYCLES, c.driverOpens());
        assertEquals(CYCLES, c.releases(), "each file released exactly once");
        assertEquals(CYCLES, c.hangups());
        assertEquals(CYCLES, c.driverHangups());
        assertEquals(0, c.driverCloses(), "hung-up files are the hangup's, not the driver's to close");
        assertEquals(0, tty.openCount());
        assertEquals(0, tty.attachedCount());
        assertEquals(CYCLES, tty.generationNumber(), "one generation per login; the last one hung up and not reopened");
        List<Signal> signals = sh.signals();
        assertEquals(2 * CYCLES, signals.size());
        for (int i = 0; i < signals.size(); i++) {
            assertEquals(i % 2 == 0 ? Signal.SIGHUP : Signal.SIGCONT, signals.get(i), "signal " + i);
        }
        assertEquals(fdsBefore, sh.openFds());
        assertEquals(processes, sys.kernel.processes().size());
        assertTrue(pair.retainedLdiscs() <= 1, "hung-up line disciplines are let go: " + pair.retainedLdiscs());
        assertEquals(0, pair.pendingInput());
        assertEquals(1, sys.ttys.ptys().pairs().size());
        assertEquals(0, tty.control().session());
    }

    @Test
    void aThousandTerminalsOpenedAndClosedLeakNothing() throws Exception {
        Process emu = sys.kernel.spawn("xterm", 1000);
        List<Integer> emuFds = emu.openFds();
        int processes = sys.kernel.processes().size();
        var pts = sys.kernel.rootDirectory().lookup("dev", null).lookup("pts", null);

        for (int i = 0; i < CYCLES; i++) {
            TtyLayer.Terminal term = sys.ttys.openPty(emu);
            Process sh = sys.kernel.spawn("sh", 1000);
            TtyLayer.LoginSession login = sys.ttys.login(sh, term);
            term.type("hi\n");
            byte[] buf = new byte[8];
            assertEquals(3L, sh.read(0, buf));
            var reader = i % 100 == 0 ? start("reader", () -> sh.read(0, new byte[8])) : null;
            if (reader != null) {
                awaitParked(reader.thread());
            }
            ok(term.close());
            if (reader != null) {
                assertEquals("EIO", errno(reader.get()), "asleep when the master closed");
            }
            assertEquals(0L, sh.read(0, buf));
            assertEquals(List.of(Signal.SIGHUP, Signal.SIGCONT), sh.signals());
            assertNull(sh.controllingTty());
            assertEquals(0, term.pair().masterAttachedCount());
            assertEquals(0, login.tty().openCount());
            assertEquals(0, login.tty().attachedCount());
            assertEquals(1, login.tty().counters().releases());
            sh.exit(0);
        }

        assertEquals(List.of(), sys.ttys.ptys().pairs(), "every pair freed");
        assertEquals(List.of(), pts.list(null), "every /dev/pts node removed");
        assertEquals(1, sys.ttys.ptys().registeredSlaveDevices(), "pts/0, reused a thousand times");
        assertNull(sys.kernel.charDevice(new DeviceNumber(136, 1)));
        assertEquals(emuFds, emu.openFds());
        assertEquals(processes, sys.kernel.processes().size());
    }
}
