package dev.revoke.tty;

import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.ENOTTY;
import static dev.revoke.panama.Errno.EPERM;

import dev.revoke.kernel.Capability;
import dev.revoke.kernel.Process;
import dev.revoke.tty.ldisc.NTty;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.FileOperations;
import dev.revoke.vfs.HungUpTtyOperations;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.OpenFile;
import dev.revoke.vfs.PollTable;

import java.util.function.Function;

/**
 * The methods of a tty's files: Linux's {@code tty_fops}, and
 * {@code console_fops} for files opened through {@code /dev/console}. The
 * device node decides which tty an open reaches ({@link Kind}); after the
 * open every method works on the file's own {@link TtyFile}.
 *
 * <p>An ordinary file's methods run on the line discipline of the
 * generation the file was attached to and sleep on that generation's wait
 * queue, so a hangup's kick ends every sleep. A sleep ended that way leaves
 * with a hung-up tty's answer (a read 0, a write EIO, unless some bytes had
 * moved, whose count it returns, as Linux does); every later call finds the
 * gate shut and gets {@link HungUpTtyOperations}, this class's
 * {@link #revokedOperations()}.
 *
 * <p>A console file is not revocable and follows the tty from generation to
 * generation. A read asleep when the tty is hung up returns 0 (Linux
 * aborts readers of a tty being hung up even on files it does not hang
 * up); a write asleep then goes on into the fresh line discipline.
 */
public final class TtyOperations implements FileOperations {
    private static final int EIO_ = EIO.negative();

    /** How an open finds its tty, and what it may do to the caller. */
    public enum Kind {
        /** The tty's own node ({@code /dev/pts/N}, {@code /dev/ttyS0}): may become the controlling tty. */
        TTY,
        /** {@code /dev/tty}: the caller's controlling tty; never changes it. */
        CONTROLLING,
        /** {@code /dev/console}: a console-redirect file, which no hangup revokes. */
        CONSOLE
    }

    private final Function<Process, Tty> lookup;
    private final int missing;
    private final Kind kind;

    /**
     * @param lookup  the tty an open by this process reaches; null if none
     * @param missing the errno (negative) of an open that reaches none: ENXIO for
     *                {@code /dev/tty} without a controlling tty, EIO for a pty that is gone
     */
    public TtyOperations(Function<Process, Tty> lookup, int missing, Kind kind) {
        this.lookup = lookup;
        this.missing = missing;
        this.kind = kind;
    }

    @Override
    public int open(Inode inode, OpenFile file) {
        Process caller = Process.current();
        Tty tty = lookup.apply(caller);
        if (tty == null) {
            return missing;
        }
        return switch (kind) {
            case CONSOLE -> tty.openConsole(file);
            case CONTROLLING -> tty.open(file, caller, true);
            case TTY -> tty.open(file, caller, (file.flags() & Abi.O_NOCTTY) != 0);
        };
    }

    private static TtyFile of(OpenFile f) {
        return (TtyFile) f.privateData();
    }

    /** The generation a call works on: the file's own, or for a console file the tty's current one. */
    private static Generation generation(TtyFile tf) {
        return tf.console() ? tf.tty().current() : tf.generation();
    }

    /**
     * A read woken by a hangup returns 0, except when the hangup came from
     * the driver going away (a pty master's close): Linux's reader then finds
     * TTY_OTHER_CLOSED before it finds the hangup, and returns EIO. Reads
     * that start later get the hung-up file's 0 either way.
     */
    @Override
    public long read(OpenFile f, byte[] buf, int off, int len) {
        TtyFile tf = of(f);
        Generation g = generation(tf);
        int r = g.ldisc.read(g.queue(), buf, off, len, f.isNonBlocking(), -1);
        if (r != NTty.REVOKED) {
            return r;
        }
        return tf.tty().isDead() ? EIO_ : HungUpTtyOperations.READ;
    }

    @Override
    public long write(OpenFile f, byte[] buf, int off, int len) {
        TtyFile tf = of(f);
        if (!tf.console()) {
            Generation g = tf.generation();
            int r = g.ldisc.write(g.queue(), buf, off, len, f.isNonBlocking(), -1);
            return r == NTty.REVOKED ? HungUpTtyOperations.WRITE : r;
        }
        int done = 0;
        while (true) {
            Generation g = tf.tty().current();
            int r = g.ldisc.write(g.queue(), buf, off + done, len - done, f.isNonBlocking(), -1);
            if (r >= 0) {
                done += r;
                if (done == len || r == 0) {
                    return done;
                }
                continue; // cut short by a hangup: the rest goes to the line discipline that replaced g
            }
            if (r != NTty.REVOKED || tf.tty().current() == g) {
                return done > 0 ? done : r == NTty.REVOKED ? EIO_ : r;
            }
        }
    }

    @Override
    public int poll(OpenFile f, int events, PollTable table) {
        Generation g = generation(of(f));
        if (table != null) {
            table.waitOn(g.queue());
        }
        if (g.revokable.isDying()) {
            // Only a console file gets here with a dead generation: its tty is gone for good.
            return Abi.POLLIN | Abi.POLLOUT | Abi.POLLERR | Abi.POLLHUP | Abi.POLLRDNORM | Abi.POLLWRNORM;
        }
        return g.ldisc.pollMask();
    }

    @Override
    public long ioctl(OpenFile f, int cmd, Object arg) {
        TtyFile tf = of(f);
        Tty tty = tf.tty();
        Generation g = generation(tf);
        Process caller = Process.current();
        switch (cmd) {
            case Abi.TIOCVHANGUP -> {
                if (caller == null || !caller.hasCapability(Capability.CAP_SYS_ADMIN)) {
                    return EPERM.negative();
                }
                if (tf.console()) {
                    tty.vhangup();
                } else {
                    tty.hangupFromInside(tf.generation());
                }
                return 0;
            }
            case Abi.TCGETS -> {
                return TtyIoctl.putTermios(arg, g.ldisc.termios());
            }
            case Abi.TCSETS, Abi.TCSETSW, Abi.TCSETSF -> {
                if (!(arg instanceof Termios t)) {
                    return TtyIoctl.EFAULT_;
                }
                if (cmd == Abi.TCSETSF) {
                    g.ldisc.flush(NTty.TCIFLUSH);
                }
                // TCSETSW would wait for output to drain: a pty's output is at the master already.
                tty.setTermios(g, t);
                return 0;
            }
            case Abi.TIOCGWINSZ -> {
                return TtyIoctl.putWinSize(arg, tty.winSize());
            }
            case Abi.TIOCSWINSZ -> {
                if (!(arg instanceof WinSize ws)) {
                    return TtyIoctl.EFAULT_;
                }
                tty.setWinSize(ws);
                return 0;
            }
            case Abi.FIONREAD -> {
                return TtyIoctl.putInt(arg, g.ldisc.inputAvailable());
            }
            case TtyIoctl.TIOCOUTQ -> {
                return TtyIoctl.putInt(arg, tty.driver().charsInBuffer(tty));
            }
            case TtyIoctl.TCFLSH -> {
                Integer sel = TtyIoctl.intArg(arg, null);
                return sel == null ? TtyIoctl.EFAULT_ : g.ldisc.flush(sel);
            }
            case TtyIoctl.TCXONC -> {
                Integer action = TtyIoctl.intArg(arg, null);
                return action == null ? TtyIoctl.EFAULT_ : g.ldisc.flow(action);
            }
            case Abi.TIOCSCTTY -> {
                Integer steal = TtyIoctl.intArg(arg, 0);
                return steal == null ? TtyIoctl.EFAULT_ : tty.control().tiocsctty(caller, f.canRead(), steal);
            }
            case Abi.TIOCNOTTY -> {
                return tty.control().tiocnotty(caller);
            }
            case Abi.TIOCGPGRP -> {
                int r = tty.control().tiocgpgrp(caller, false);
                return r < 0 ? r : TtyIoctl.putInt(arg, r);
            }
            case Abi.TIOCGSID -> {
                int r = tty.control().tiocgsid(caller, false);
                return r < 0 ? r : TtyIoctl.putInt(arg, r);
            }
            case Abi.TIOCSPGRP -> {
                Integer group = TtyIoctl.intArg(arg, null);
                return group == null ? TtyIoctl.EFAULT_ : tty.control().tiocspgrp(caller, group);
            }
            default -> {
                return ENOTTY.negative();
            }
        }
    }

    /** A hung-up file's fasync is ENOTTY; a live one has nothing to set up (SIGIO is not emulated). */
    @Override
    public int fasync(OpenFile f, boolean on) {
        return 0;
    }

    @Override
    public void release(OpenFile f) {
        TtyFile tf = of(f);
        if (tf != null) {
            tf.tty().release(f, tf);
        }
    }

    /** Linux's {@code hung_up_tty_fops}. */
    @Override
    public FileOperations revokedOperations() {
        return HungUpTtyOperations.INSTANCE;
    }

    @Override
    public String toString() {
        return "tty-" + kind.name().toLowerCase();
    }
}
