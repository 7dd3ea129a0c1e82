package dev.revoke.tty;

import static dev.revoke.panama.Errno.EFAULT;

/**
 * The ioctl requests the simulated tty answers, and the Java objects that
 * stand for their arguments ({@code ioctl(fd, cmd, arg)} on an emulated
 * {@code Process}). Numbers are asm-generic's (x86_64 and arm64); those
 * {@code dev.revoke.vfs.Abi} lacks are here.
 *
 * <table>
 * <caption>arguments</caption>
 * <tr><th>request</th><th>arg</th></tr>
 * <tr><td>TCGETS</td><td>{@code Termios[1]} (element 0 set to a copy), or a {@code Termios} filled in place</td></tr>
 * <tr><td>TCSETS, TCSETSW, TCSETSF</td><td>{@code Termios} (copied); TCSETSF discards pending input first</td></tr>
 * <tr><td>TIOCGWINSZ</td><td>{@code WinSize[1]}</td></tr>
 * <tr><td>TIOCSWINSZ</td><td>{@code WinSize}</td></tr>
 * <tr><td>FIONREAD (TIOCINQ), TIOCOUTQ</td><td>{@code int[1]}, out</td></tr>
 * <tr><td>TCFLSH, TCXONC</td><td>{@code Integer}: the queue selector or the action</td></tr>
 * <tr><td>TIOCSCTTY</td><td>{@code Integer} (1: steal, with CAP_SYS_ADMIN) or null for 0</td></tr>
 * <tr><td>TIOCNOTTY, TIOCVHANGUP</td><td>none (ignored)</td></tr>
 * <tr><td>TIOCGPGRP, TIOCGSID</td><td>{@code int[1]}, out</td></tr>
 * <tr><td>TIOCSPGRP</td><td>{@code Integer}, or {@code int[1]} as the C pointer</td></tr>
 * <tr><td>TIOCGPTN, TIOCGPTLCK (master)</td><td>{@code int[1]}, out</td></tr>
 * <tr><td>TIOCSPTLCK (master)</td><td>{@code Integer}, or {@code int[1]}: non-zero locks</td></tr>
 * </table>
 * A missing or mistyped argument is EFAULT, as a bad pointer is.
 */
public final class TtyIoctl {
    public static final int TCXONC = 0x540A;
    public static final int TCFLSH = 0x540B;
    public static final int TIOCOUTQ = 0x5411;
    /** _IOR('T', 0x30, unsigned int): the pty's number, on a master. */
    public static final int TIOCGPTN = 0x80045430;
    /** _IOW('T', 0x31, int): lock or unlock the slave, on a master (unlockpt). */
    public static final int TIOCSPTLCK = 0x40045431;
    /** _IOR('T', 0x39, int). */
    public static final int TIOCGPTLCK = 0x80045439;

    static final int EFAULT_ = EFAULT.negative();

    private TtyIoctl() {
    }

    /** TCGETS's out-parameter: 0, or -EFAULT. */
    public static int putTermios(Object arg, Termios t) {
        if (arg instanceof Termios[] out && out.length > 0) {
            out[0] = t;
            return 0;
        }
        if (arg instanceof Termios target) {
            target.iflag(t.iflag()).oflag(t.oflag()).cflag(t.cflag()).lflag(t.lflag());
            for (int i = 0; i < Termios.NCCS; i++) {
                target.cc(i, t.cc(i));
            }
            return 0;
        }
        return EFAULT_;
    }

    public static int putInt(Object arg, int value) {
        if (arg instanceof int[] out && out.length > 0) {
            out[0] = value;
            return 0;
        }
        return EFAULT_;
    }

    public static int putWinSize(Object arg, WinSize ws) {
        if (arg instanceof WinSize[] out && out.length > 0) {
            out[0] = ws;
            return 0;
        }
        return EFAULT_;
    }

    /** A by-value int argument (or an int[] standing for the pointer); {@code missing} when absent. */
    public static Integer intArg(Object arg, Integer missing) {
        if (arg == null) {
            return missing;
        }
        if (arg instanceof Integer i) {
            return i;
        }
        if (arg instanceof int[] a && a.length > 0) {
            return a[0];
        }
        return null;
    }
}
