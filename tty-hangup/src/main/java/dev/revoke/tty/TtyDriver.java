package dev.revoke.tty;

import dev.revoke.tty.ldisc.NTty;
import dev.revoke.vfs.OpenFile;

/**
 * The hardware side of a {@link Tty}: Linux's {@code struct tty_operations},
 * cut down to what a hangup involves. The tty core calls it; nothing else
 * does.
 *
 * <p>Open and close bracket every file of the tty, with one exception that
 * is the point of Viro's question 8. When a hangup revokes the tty's files,
 * the driver is told once, through {@link #hangup}, and the released files
 * get no {@link #close}. When a console-redirect file is open on the tty,
 * that file survives the hangup and the tty is not really torn down, so
 * instead of the hangup the driver sees {@link #close} once for each
 * hung-up file, which keeps its open count right. Either way every file
 * costs the driver exactly one open and at most one close, never two.
 *
 * <p>{@link #open}, {@link #close} and {@link #hangup} run under the tty's
 * lock, and {@link Tty#openCount()} already counts the file being opened (or
 * no longer counts the one being closed).
 */
public interface TtyDriver {

    /** A file is opening the tty: 0, or a negative errno that fails the open. */
    default int open(Tty tty, OpenFile file) {
        return 0;
    }

    /** A file of the tty was released (see the class comment for hung-up files). */
    default void close(Tty tty, OpenFile file) {
    }

    /** The tty was hung up and no console file kept it open. */
    default void hangup(Tty tty) {
    }

    /**
     * The termios of a fresh line discipline. Drivers that reset their
     * settings on hangup (Linux's TTY_DRIVER_RESET_TERMIOS, as ptys do) hand
     * out the defaults every time.
     */
    default Termios initTermios() {
        return Termios.ptySlaveDefaults();
    }

    /** {@code set_termios}: adjusts settings a program asked for (a pty forces CS8|CREAD). */
    default void setTermios(Tty tty, Termios requested) {
    }

    /**
     * A new line discipline took over: at the tty's creation, at the first
     * open after a hangup, or at a hangup a console file survived. Called
     * without the tty's lock; a pty feeds it the input that waited meanwhile.
     */
    default void ldiscOpened(Tty tty, NTty ldisc) {
    }

    /** Wakes whatever the driver side sleeps on (a pty master's queue); called after every ldisc change. */
    default void wakeup(Tty tty) {
    }

    /** TIOCOUTQ: bytes written but not yet sent. A pty's output is at the other end at once: 0. */
    default int charsInBuffer(Tty tty) {
        return 0;
    }
}
