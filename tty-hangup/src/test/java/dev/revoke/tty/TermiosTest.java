package dev.revoke.tty;

import dev.revoke.panama.Pty;
import dev.revoke.panama.libc.Libc;
import dev.revoke.tty.ldisc.PollMask;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The termios model against the real thing: a fresh pty slave, glibc's cfmakeraw, the system headers. */
class TermiosTest {

    /** The real slave's settings as our model, through tcgetattr. */
    private static Termios real(dev.revoke.panama.Termios t) {
        Termios m = Termios.zero().iflag(t.iflag()).oflag(t.oflag()).cflag(t.cflag()).lflag(t.lflag());
        for (int i = 0; i < Termios.NCCS; i++) {
            m.cc(i, t.cc(i));
        }
        return m;
    }

    @Test
    void defaultsAreWhatAFreshPtySlaveReports() throws Exception {
        try (Pty pty = Pty.open()) {
            Termios fresh = real(dev.revoke.panama.Termios.of(pty.slave().raw()));
            assertEquals(fresh, Termios.ptySlaveDefaults());
        }
    }

    @Test
    void makeRawIsCfmakeraw() throws Exception {
        try (Pty pty = Pty.open()) {
            dev.revoke.panama.Termios t = dev.revoke.panama.Termios.of(pty.slave().raw());
            assertEquals(real(t.copy().raw()), Termios.ptySlaveDefaults().makeRaw());
        }
    }

    @Test
    void constantsMatchTheSystemHeaders() {
        assertEquals(Libc.NCCS(), 32, "glibc's NCCS; the kernel's is our 19");
        assertEquals(Libc.VTIME(), Termios.VTIME);
        assertEquals(Libc.VMIN(), Termios.VMIN);
        assertEquals(Libc.ICRNL(), Termios.ICRNL);
        assertEquals(Libc.IXON(), Termios.IXON);
        assertEquals(Libc.OPOST(), Termios.OPOST);
        assertEquals(Libc.CS8(), Termios.CS8);
        assertEquals(Libc.ISIG(), Termios.ISIG);
        assertEquals(Libc.ICANON(), Termios.ICANON);
        assertEquals(Libc.ECHO(), Termios.ECHO);
        assertEquals(Libc.IEXTEN(), Termios.IEXTEN);
        assertEquals(Libc.POLLIN(), PollMask.POLLIN);
        assertEquals(Libc.POLLPRI(), PollMask.POLLPRI);
        assertEquals(Libc.POLLOUT(), PollMask.POLLOUT);
        assertEquals(Libc.POLLERR(), PollMask.POLLERR);
        assertEquals(Libc.POLLHUP(), PollMask.POLLHUP);
        assertEquals(Libc.POLLNVAL(), PollMask.POLLNVAL);
        assertEquals(Libc.POLLRDNORM(), PollMask.POLLRDNORM);
        assertEquals(Libc.POLLWRNORM(), PollMask.POLLWRNORM);
    }

    @Test
    void copyIsIndependent() {
        Termios a = Termios.ptySlaveDefaults();
        Termios b = a.copy();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        b.cc(Termios.VMIN, 5).lflag(0);
        assertNotEquals(a, b);
        assertEquals(1, a.cc(Termios.VMIN));
    }

    @Test
    void ccValuesAreUnsignedBytes() {
        Termios t = Termios.zero().cc(Termios.VEOL, 0xff);
        assertEquals(0xff, t.cc(Termios.VEOL));
        assertThrows(IllegalArgumentException.class, () -> t.cc(Termios.VEOL, 256));
    }

    @Test
    void winSizeFieldsAreUnsignedShorts() {
        assertEquals(new WinSize(24, 80, 0, 0), new WinSize(24, 80));
        assertThrows(IllegalArgumentException.class, () -> new WinSize(-1, 80));
        assertThrows(IllegalArgumentException.class, () -> new WinSize(24, 0x10000));
    }
}
