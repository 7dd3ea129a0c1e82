package dev.revoke.tty;

import static dev.revoke.tty.TtySystem.awaitParked;
import static dev.revoke.tty.TtySystem.bytes;
import static dev.revoke.tty.TtySystem.errno;
import static dev.revoke.tty.TtySystem.ok;
import static dev.revoke.tty.TtySystem.open;
import static dev.revoke.tty.TtySystem.pollNow;
import static dev.revoke.tty.TtySystem.start;
import static dev.revoke.tty.TtySystem.string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.kernel.Process;
import dev.revoke.kernel.Signal;
import dev.revoke.tty.pty.PtyPair;
import dev.revoke.vfs.Abi;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Pty pairs: a terminal emulator on the master, a shell on the slave, and what each end sees of the other going. */
class PtyTest {
    private final TtySystem sys = new TtySystem();

    @Test
    void theEmulatorAndTheShellTalk() {
        TtyLayer.LoginSession login = sys.login();
        Process sh = login.shell();
        login.terminal().type("ls\n");
        byte[] buf = new byte[64];
        assertEquals("ls\n", string(buf, sh.read(0, buf)));
        assertEquals(6L, sh.write(1, bytes("a b c\n")));
        assertEquals("ls\r\na b c\r\n", login.terminal().screen(), "the echo, then the output with ONLCR");
    }

    @Test
    void closingTheMasterHangsUpTheSlave() throws Exception {
        TtyLayer.LoginSession login = sys.login();
        Process sh = login.shell();
        PtyPair pair = login.terminal().pair();
        var reader = start("reader", () -> sh.read(0, new byte[8]));
        awaitParked(reader.thread());

        assertEquals(0, login.terminal().close());

        assertEquals("EIO", errno(reader.get()), "a reader asleep when the master goes finds TTY_OTHER_CLOSED first, as on Linux");
        assertEquals(0L, sh.read(0, new byte[8]), "later reads find the file hung up");
        assertEquals(List.of(Signal.SIGHUP, Signal.SIGCONT), sh.signals());
        assertNull(sh.controllingTty());
        assertEquals("EIO", errno(sh.write(1, bytes("x"))));
        assertEquals("ENOENT", errno(sh.open(login.terminal().slavePath(), Abi.O_RDWR)), "the node went with the master");
        assertTrue(pair.slave().isDead());
        assertNull(sys.ttys.ptys().pair(pair.index()), "nothing left of the pair: its number is free");
        assertEquals(0, pair.masterAttachedCount());
        assertEquals(1, pair.slave().counters().hangups());
        TtyLayer.Terminal next = sys.terminal();
        assertEquals(pair.index(), next.pair().index(), "the lowest free number is reused");
    }

    @Test
    void theMasterSeesEioOnceNoSlaveFileIsLeft() {
        TtyLayer.Terminal term = sys.terminal();
        Process emu = term.emulator();
        int m = term.masterFd();
        ok(emu.ioctl(m, Abi.FIONBIO, new int[] {1}));
        assertEquals("EAGAIN", errno(emu.read(m, new byte[8])), "before any slave open");
        assertEquals(Abi.POLLOUT, pollNow(emu, m, Abi.POLLIN | Abi.POLLOUT));
        term.type("pre\n");
        byte[] buf = new byte[8];
        assertEquals("pre\r\n", string(buf, emu.read(m, buf)), "a pty's line discipline runs before the slave is opened");

        Process sh = sys.kernel.spawn("sh", 1000);
        int s = open(sh, term.slavePath(), Abi.O_RDWR);
        assertEquals("pre\n", string(buf, sh.read(s, buf)));
        sh.close(s);

        assertEquals("EIO", errno(emu.read(m, buf)), "TTY_OTHER_CLOSED");
        assertEquals(Abi.POLLOUT | Abi.POLLHUP, pollNow(emu, m, Abi.POLLIN | Abi.POLLOUT));
        assertEquals(2L, emu.write(m, bytes("x\n")), "the master may still type");
        assertEquals("x\r\n", string(buf, emu.read(m, buf)), "and its echo is read before the EIO");
        assertEquals("EIO", errno(emu.read(m, buf)));
        s = open(sh, term.slavePath(), Abi.O_RDWR);
        assertEquals("EAGAIN", errno(emu.read(m, buf)), "a slave open clears it");
    }

    @Test
    void afterAHangupTheMasterStillReadsWhatTheSlaveWroteBefore() {
        TtyLayer.LoginSession login = sys.login();
        login.shell().write(1, bytes("last words\n"));
        login.tty().vhangup();
        int fd = open(login.shell(), login.terminal().slavePath(), Abi.O_RDWR);
        ok(login.shell().write(fd, bytes("new\n")));
        assertEquals(2, login.terminal().pair().retainedLdiscs(), "the hung-up one still has output");
        assertEquals("last words\r\nnew\r\n", login.terminal().screen(), "oldest first");
        assertEquals(1, login.terminal().pair().retainedLdiscs(), "and then it is let go");
    }

    @Test
    void inputTypedWhileTheSlaveIsHungUpArrivesWithTheNextInputAfterTheReopen() {
        TtyLayer.LoginSession login = sys.login();
        TtyLayer.Terminal term = login.terminal();
        login.tty().vhangup();

        term.type("early\n");
        assertEquals("", term.screen(), "no line discipline to echo it yet");
        assertEquals(6, term.pair().pendingInput());

        Process sh = login.shell();
        int fd = open(sh, term.slavePath(), Abi.O_RDWR | Abi.O_NONBLOCK);
        byte[] buf = new byte[16];
        assertEquals("EAGAIN", errno(sh.read(fd, buf)), "the reopen alone does not deliver it, as on Linux");
        assertEquals(6, term.pair().pendingInput());
        term.type("later\n");
        assertEquals(0, term.pair().pendingInput());
        assertEquals("early\n", string(buf, sh.read(fd, buf)), "first, then");
        assertEquals("later\n", string(buf, sh.read(fd, buf)));
        assertEquals("early\r\nlater\r\n", term.screen());
    }

    @Test
    void aLockedSlaveCannotBeOpened() {
        Process emu = sys.kernel.spawn("emu", 1000);
        int m = open(emu, "/dev/ptmx", Abi.O_RDWR);
        int[] n = new int[1];
        ok(emu.ioctl(m, dev.revoke.tty.TtyIoctl.TIOCGPTN, n));
        ok(emu.ioctl(m, dev.revoke.tty.TtyIoctl.TIOCGPTLCK, n));
        assertEquals(1, n[0], "a new pair is locked until unlockpt");
        ok(emu.ioctl(m, dev.revoke.tty.TtyIoctl.TIOCGPTN, n));
        assertEquals("EIO", errno(emu.open("/dev/pts/" + n[0], Abi.O_RDWR)));
        ok(emu.ioctl(m, dev.revoke.tty.TtyIoctl.TIOCSPTLCK, 0));
        open(emu, "/dev/pts/" + n[0], Abi.O_RDWR);
    }

    @Test
    void theMasterSpeaksForTheSlavesSettings() {
        TtyLayer.LoginSession login = sys.login();
        TtyLayer.Terminal term = login.terminal();
        Process emu = term.emulator();
        ok(emu.ioctl(term.masterFd(), Abi.TIOCSWINSZ, new WinSize(50, 132)));
        WinSize[] ws = new WinSize[1];
        ok(login.shell().ioctl(0, Abi.TIOCGWINSZ, ws));
        assertEquals(new WinSize(50, 132), ws[0]);
        Termios[] t = new Termios[1];
        ok(emu.ioctl(term.masterFd(), Abi.TCGETS, t));
        ok(emu.ioctl(term.masterFd(), Abi.TCSETS, t[0].lflag(t[0].lflag() & ~Termios.ECHO)));
        term.type("pw\n");
        assertEquals("", term.screen(), "ECHO off, set through the master");
        Termios cs7 = t[0].copy().cflag((t[0].cflag() & ~Termios.CSIZE) | Termios.CS7 | Termios.PARENB);
        ok(login.shell().ioctl(0, Abi.TCSETS, cs7));
        ok(login.shell().ioctl(0, Abi.TCGETS, t));
        assertEquals(Termios.CS8, t[0].cflag() & Termios.CSIZE, "a pty stays 8 bits");
        assertEquals(0, t[0].cflag() & Termios.PARENB);
    }

    @Test
    void revokingPtmxClosesEveryMaster() throws Exception {
        TtyLayer.LoginSession a = sys.login();
        TtyLayer.LoginSession b = sys.login();
        var reader = start("reader", () -> b.shell().read(0, new byte[4]));
        awaitParked(reader.thread());

        assertEquals(0, sys.kernel.init().revoke("/dev/ptmx"));

        assertEquals("EIO", errno(reader.get()), "the master went");
        assertEquals(0L, a.shell().read(0, new byte[4]));
        assertEquals(0L, a.terminal().emulator().read(a.terminal().masterFd(), new byte[4]), "a revoked master reads as hung up");
        assertEquals(List.of(), sys.ttys.ptys().pairs());
        assertSame(null, a.shell().controllingTty());
    }

    @Test
    void aMasterWriterAsleepOnTheDyingLineDisciplineIsWokenAndMovesOn() throws Exception {
        TtyLayer.LoginSession login = sys.login();
        TtyLayer.Terminal term = login.terminal();
        ok(login.shell().ioctl(0, Abi.TCSETS, login.tty().termios().makeRaw()));
        byte[] flood = new byte[32768];
        java.util.Arrays.fill(flood, (byte) 'a');
        var writer = start("master-writer", () -> term.emulator().write(term.masterFd(), flood));
        awaitParked(writer.thread());
        assertEquals(0, term.pair().pendingInput(), "blocked on the slave's full buffers");

        login.tty().vhangup();

        long deadline = System.nanoTime() + 5_000_000_000L;
        while (term.pair().pendingInput() < PtyPair.PENDING_CAPACITY && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(PtyPair.PENDING_CAPACITY, term.pair().pendingInput(), "the kick woke it; it filled the waiting buffer");
        Process sh = login.shell();
        int fd = open(sh, term.slavePath(), Abi.O_RDWR | Abi.O_NOCTTY | Abi.O_NONBLOCK);
        ok(sh.ioctl(fd, Abi.TCSETS, login.tty().termios().makeRaw()));
        byte[] buf = new byte[65536];
        while (!writer.result().isDone() && System.nanoTime() < deadline) {
            if (sh.read(fd, buf) < 0) {
                Thread.sleep(1);
            }
        }
        assertEquals((long) flood.length, writer.get(), "all of it, in the end, through the new line discipline");
    }

    @Test
    void aRefusedOpenAfterAHangupLeavesTheMasterWorking() {
        TtyLayer.LoginSession login = sys.login();
        TtyLayer.Terminal term = login.terminal();
        login.tty().vhangup();
        ok(term.emulator().ioctl(term.masterFd(), dev.revoke.tty.TtyIoctl.TIOCSPTLCK, 1));
        Process sh = login.shell();
        assertEquals("EIO", errno(sh.open(term.slavePath(), Abi.O_RDWR)), "locked");
        ok(term.emulator().ioctl(term.masterFd(), dev.revoke.tty.TtyIoctl.TIOCSPTLCK, 0));
        int fd = open(sh, term.slavePath(), Abi.O_RDWR | Abi.O_NONBLOCK);

        term.type("hello\n");
        byte[] buf = new byte[16];
        assertEquals("hello\n", string(buf, sh.read(fd, buf)));
        assertEquals("hello\r\n", term.screen(), "the master reads the line discipline the refused open created");
    }
}
