package dev.revoke.panama;

import dev.revoke.panama.libc.Libc;
import dev.revoke.panama.libc.termios;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A copy of a terminal's settings (glibc's struct termios), to read, edit and
 * put back. It is a snapshot: changing it changes no terminal until
 * {@link #apply(int)}.
 */
public final class Termios {
    private final MemorySegment t;

    private Termios(MemorySegment t) {
        this.t = t;
    }

    /** tcgetattr(3). */
    public static Termios of(int fd) throws ErrnoException {
        MemorySegment t = termios.allocate(Arena.ofAuto());
        Posix.check(Sys.tcgetattr(fd, t), "tcgetattr", fd);
        return new Termios(t);
    }

    /** Puts {@code fd} in raw mode; returns the settings it had, for restoring. */
    public static Termios makeRaw(int fd) throws ErrnoException {
        Termios before = of(fd);
        before.copy().raw().apply(fd);
        return before;
    }

    /** cfmakeraw(3) on this copy: no line editing, echo, signals or output processing; 8-bit chars. */
    public Termios raw() {
        Sys.cfmakeraw(t);
        return this;
    }

    /** tcsetattr(3) with TCSANOW. */
    public void apply(int fd) throws ErrnoException {
        apply(fd, Libc.TCSANOW());
    }

    /** tcsetattr(3); {@code when} is TCSANOW, TCSADRAIN or TCSAFLUSH. */
    public void apply(int fd, int when) throws ErrnoException {
        Posix.check(Sys.tcsetattr(fd, when, t), "tcsetattr", fd);
    }

    public Termios copy() {
        MemorySegment c = termios.allocate(Arena.ofAuto());
        c.copyFrom(t);
        return new Termios(c);
    }

    public int iflag() {
        return termios.c_iflag(t);
    }

    public int oflag() {
        return termios.c_oflag(t);
    }

    public int cflag() {
        return termios.c_cflag(t);
    }

    public int lflag() {
        return termios.c_lflag(t);
    }

    public Termios iflag(int v) {
        termios.c_iflag(t, v);
        return this;
    }

    public Termios oflag(int v) {
        termios.c_oflag(t, v);
        return this;
    }

    public Termios cflag(int v) {
        termios.c_cflag(t, v);
        return this;
    }

    public Termios lflag(int v) {
        termios.c_lflag(t, v);
        return this;
    }

    /** c_cc[index], e.g. index VMIN or VTIME; unsigned. */
    public int cc(int index) {
        return Byte.toUnsignedInt(termios.c_cc(t, index));
    }

    public Termios cc(int index, int value) {
        termios.c_cc(t, index, (byte) value);
        return this;
    }

    /** The struct itself, for calls this class does not wrap. */
    public MemorySegment segment() {
        return t;
    }
}
