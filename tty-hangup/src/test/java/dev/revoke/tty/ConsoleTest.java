package dev.revoke.tty;

import static dev.revoke.tty.TtySystem.awaitParked;
import static dev.revoke.tty.TtySystem.bytes;
import static dev.revoke.tty.TtySystem.errno;
import static dev.revoke.tty.TtySystem.open;
import static dev.revoke.tty.TtySystem.start;
import static dev.revoke.tty.TtySystem.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.kernel.Process;
import dev.revoke.vfs.Abi;

import org.junit.jupiter.api.Test;

/**
 * Viro's question 8: files that reach a tty through the console redirect
 * are not hung up, and the driver then sees one close per hung-up file
 * instead of a hangup, so no file costs it a second release.
 */
class ConsoleTest {
    private final TtySystem sys = new TtySystem();

    @Test
    void consoleFilesSurviveAndTheDriverSeesOneClosePerHungUpFile() throws Exception {
        TtyLayer.LoginSession login = sys.login();
        Tty tty = login.tty();
        Process sh = login.shell();
        int second = open(sh, login.terminal().slavePath(), Abi.O_RDWR | Abi.O_NOCTTY);
        sys.ttys.setConsole(tty);
        Process logger = sys.kernel.spawn("syslogd", 0);
        int console = open(logger, "/dev/console", Abi.O_RDWR);
        assertEquals(3, tty.counters().driverOpens());
        assertEquals(3, tty.openCount());

        HangupReport report = tty.vhangup();

        assertTrue(report.consoleHeld());
        assertEquals(2, report.filesHungUp(), "the two ordinary files; the console file is not among them");
        assertEquals(2, tty.counters().driverCloses(), "one close per hung-up file ...");
        assertEquals(0, tty.counters().driverHangups(), "... instead of a hangup");
        assertEquals(1, tty.openCount(), "the console file still counts");
        assertEquals(0L, sh.read(0, new byte[4]), "ordinary files are hung up");
        assertEquals("EIO", errno(sh.write(second, bytes("x"))));

        assertEquals(5L, logger.write(console, bytes("boot\n")), "the console file keeps working");
        assertEquals("boot\r\n", login.terminal().screen());
        login.terminal().type("y\n");
        byte[] buf = new byte[16];
        long n = logger.read(console, buf);
        assertEquals("y\n", string(buf, n), "on the fresh line discipline that took over at the hangup");
        assertEquals(2, tty.generationNumber());

        sh.close(second);
        sh.exit(0);
        assertEquals(2, tty.counters().driverCloses(), "closing the hung-up files adds no close: one per file, never two");
        logger.close(console);
        assertEquals(3, tty.counters().driverCloses(), "the console file's own close");
        assertEquals(3, tty.counters().releases());
        assertEquals(0, tty.openCount());
    }

    @Test
    void withoutAConsoleFileTheDriverSeesOneHangupAndNoCloses() {
        TtyLayer.LoginSession login = sys.login();
        Tty tty = login.tty();
        open(login.shell(), login.terminal().slavePath(), Abi.O_RDWR | Abi.O_NOCTTY);
        sys.ttys.setConsole(tty); // chosen, but nobody opened /dev/console

        HangupReport report = tty.vhangup();

        assertTrue(!report.consoleHeld());
        assertEquals(2, report.filesHungUp());
        assertEquals(0, tty.counters().driverCloses());
        assertEquals(1, tty.counters().driverHangups());
        assertEquals(0, tty.openCount());
    }

    @Test
    void aConsoleReaderAsleepAtTheHangupReturnsZeroAndTheFileGoesOn() throws Exception {
        TtyLayer.LoginSession login = sys.login();
        sys.ttys.setConsole(login.tty());
        Process logger = sys.kernel.spawn("getty", 0);
        int console = open(logger, "/dev/console", Abi.O_RDWR);
        var reader = start("console-reader", () -> logger.read(console, new byte[8]));
        awaitParked(reader.thread());

        login.tty().vhangup();

        assertEquals(0L, reader.get(), "Linux aborts readers of a tty being hung up, console files' too");
        login.terminal().type("z\n");
        byte[] buf = new byte[8];
        assertEquals("z\n", string(buf, logger.read(console, buf)));
    }

    @Test
    void consoleOpensNeedAConsoleAndNeverTakeTheControllingTty() {
        Process p = sys.kernel.spawn("p", 0);
        assertEquals("ENODEV", errno(p.open("/dev/console", Abi.O_RDWR)));
        TtyLayer.Terminal term = sys.terminal();
        sys.ttys.setConsole(term.tty());
        open(p, "/dev/console", Abi.O_RDWR);
        assertEquals(null, p.controllingTty());
    }

    @Test
    void aConsoleWriterAsleepAtTheHangupGoesOnIntoTheNewLineDiscipline() throws Exception {
        TtyLayer.LoginSession login = sys.login();
        sys.ttys.setConsole(login.tty());
        Process logger = sys.kernel.spawn("logger", 0);
        int console = open(logger, "/dev/console", Abi.O_RDWR);
        int nb = open(logger, "/dev/console", Abi.O_RDWR | Abi.O_NONBLOCK);
        byte[] chunk = new byte[512];
        while (logger.write(nb, chunk) > 0) {
            // fill the output queue
        }
        var writer = start("console-writer", () -> logger.write(console, bytes("after")));
        awaitParked(writer.thread());

        login.tty().vhangup();

        assertEquals(5L, writer.get(), "not cut short: the console file was not hung up");
        String screen = login.terminal().screen();
        assertEquals(dev.revoke.tty.ldisc.NTty.DEFAULT_OUTPUT_CAPACITY + 5, screen.length(), "the old output first, then the new");
        assertTrue(screen.endsWith("after"));
    }

    @Test
    void aConsoleWriteCutShortByTheHangupFinishesOnTheNewLineDiscipline() throws Exception {
        TtyLayer.LoginSession login = sys.login();
        sys.ttys.setConsole(login.tty());
        Process logger = sys.kernel.spawn("logger", 0);
        int console = open(logger, "/dev/console", Abi.O_RDWR);
        int cap = dev.revoke.tty.ldisc.NTty.DEFAULT_OUTPUT_CAPACITY;
        byte[] big = new byte[cap + 100];
        var writer = start("console-writer", () -> logger.write(console, big));
        awaitParked(writer.thread());

        login.tty().vhangup();

        assertEquals((long) big.length, writer.get(), "an ordinary file would have returned " + cap);
        assertEquals(big.length, login.terminal().screen().length());
    }
}
