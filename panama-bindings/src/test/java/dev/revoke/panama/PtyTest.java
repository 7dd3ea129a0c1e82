package dev.revoke.panama;

import dev.revoke.panama.libc.Libc;
import org.junit.jupiter.api.Test;

import static dev.revoke.panama.TestIo.TIMEOUT_MS;
import static dev.revoke.panama.TestIo.awaitAvailable;
import static dev.revoke.panama.TestIo.readExactly;
import static dev.revoke.panama.TestIo.writeAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real pseudo-terminal pair, driven only through the facade. */
class PtyTest {

    @Test
    void opensAPairWithASlavePath() throws ErrnoException {
        try (Pty pty = Pty.open()) {
            assertTrue(pty.slavePath().startsWith("/dev/pts/"), pty.slavePath());
            assertNotEquals(pty.master().raw(), pty.slave().raw());
        }
    }

    @Test
    void bytesGoMasterToRawSlaveAndBack() throws ErrnoException {
        try (Pty pty = Pty.open()) {
            Termios.makeRaw(pty.slave().raw());

            // ^C and CR pass untouched in raw mode: no ISIG, no ICRNL.
            String down = "hello\r\u0003\n";
            writeAll(pty.master(), down);
            assertEquals(down, readExactly(pty.slave(), down.length()));

            // No OPOST: "\n" stays "\n" on the way out, no "\r\n".
            String up = "world\n";
            writeAll(pty.slave(), up);
            assertEquals(up, readExactly(pty.master(), up.length()));

            // ECHO is off: nothing written to the master came back to it.
            assertEquals(0, Posix.poll(pty.master().raw(), Libc.POLLIN(), 50));
        }
    }

    @Test
    void pollInAppearsOnlyAfterAWrite() throws ErrnoException {
        try (Pty pty = Pty.open()) {
            Termios.makeRaw(pty.slave().raw());
            int slave = pty.slave().raw();

            assertEquals(0, Posix.poll(slave, Libc.POLLIN(), 0), "readable before anything was written");
            assertTrue((Posix.poll(pty.master().raw(), Libc.POLLOUT(), 0) & Libc.POLLOUT()) != 0);

            writeAll(pty.master(), "x");
            int revents = Posix.poll(slave, Libc.POLLIN(), TIMEOUT_MS);
            assertEquals(Libc.POLLIN(), revents & (Libc.POLLIN() | Libc.POLLERR() | Libc.POLLHUP() | Libc.POLLNVAL()));
        }
    }

    @Test
    void pollSetReportsEachDescriptorSeparately() throws ErrnoException {
        try (Pty pty = Pty.open(); var arena = java.lang.foreign.Arena.ofConfined()) {
            Termios.makeRaw(pty.slave().raw());
            PollSet set = new PollSet(arena, 2)
                    .set(0, pty.slave().raw(), Libc.POLLIN())
                    .set(1, pty.master().raw(), Libc.POLLIN());
            assertEquals(0, Posix.poll(set, 0));

            writeAll(pty.master(), "ping");
            assertEquals(1, Posix.poll(set, TIMEOUT_MS));
            assertTrue(set.ready(0, Libc.POLLIN()));
            assertEquals(0, set.revents(1));
        }
    }

    @Test
    void fionreadCountsPendingBytes() throws Exception {
        try (Pty pty = Pty.open()) {
            Termios.makeRaw(pty.slave().raw());
            assertEquals(0, Posix.bytesAvailable(pty.slave().raw()));

            writeAll(pty.master(), "1234567");
            assertEquals(7, awaitAvailable(pty.slave(), 7));

            readExactly(pty.slave(), 3);
            assertEquals(4, Posix.bytesAvailable(pty.slave().raw()));
        }
        try (Pipe pipe = Posix.pipe2(Libc.O_CLOEXEC())) {
            writeAll(pipe.writeEnd(), "abcde");
            assertEquals(5, Posix.bytesAvailable(pipe.readEnd().raw()));
        }
    }

    @Test
    void windowSizeRoundTrips() throws ErrnoException {
        try (Pty pty = Pty.open()) {
            WinSize size = new WinSize(43, 132, 1056, 688);
            Posix.setWinSize(pty.master().raw(), size);
            assertEquals(size, Posix.getWinSize(pty.slave().raw()));
            assertEquals(size, Posix.getWinSize(pty.master().raw()));

            Posix.setWinSize(pty.slave().raw(), new WinSize(24, 80));
            assertEquals(new WinSize(24, 80), Posix.getWinSize(pty.master().raw()));
        }
    }

    @Test
    void cfmakerawClearsCanonicalModeAndEcho() throws ErrnoException {
        try (Pty pty = Pty.open()) {
            int slave = pty.slave().raw();
            int icanonEcho = Libc.ICANON() | Libc.ECHO();

            Termios cooked = Termios.of(slave);
            assertEquals(icanonEcho, cooked.lflag() & icanonEcho, "a new pty starts in canonical mode with echo");

            Termios raw = cooked.copy().raw();
            assertEquals(0, raw.lflag() & (icanonEcho | Libc.ISIG() | Libc.IEXTEN()));
            assertEquals(0, raw.oflag() & Libc.OPOST());
            assertEquals(Libc.CS8(), raw.cflag() & Libc.CS8());
            assertEquals(icanonEcho, cooked.lflag() & icanonEcho, "the copy was edited, not the original");

            raw.cc(Libc.VMIN(), 1).cc(Libc.VTIME(), 0).apply(slave);
            Termios now = Termios.of(slave);
            assertEquals(0, now.lflag() & icanonEcho, "the tty itself is raw now");
            assertEquals(1, now.cc(Libc.VMIN()));
            assertEquals(0, now.cc(Libc.VTIME()));

            cooked.apply(slave);
            assertEquals(icanonEcho, Termios.of(slave).lflag() & icanonEcho, "restored");
        }
    }

    @Test
    void canonicalSlaveEchoesToTheMaster() throws ErrnoException {
        // The counterpart of the raw test: with the defaults the line discipline echoes.
        try (Pty pty = Pty.open()) {
            writeAll(pty.master(), "ab\n");
            assertEquals("ab\n", readExactly(pty.slave(), 3));
            assertEquals("ab\r\n", readExactly(pty.master(), 4));
        }
    }
}
