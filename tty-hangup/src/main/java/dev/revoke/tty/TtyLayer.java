package dev.revoke.tty;

import static dev.revoke.panama.Errno.ENODEV;
import static dev.revoke.panama.Errno.ENXIO;

import dev.revoke.kernel.CharDevice;
import dev.revoke.kernel.CharDriver;
import dev.revoke.kernel.Kernel;
import dev.revoke.kernel.Process;
import dev.revoke.kernel.ProcessListener;
import dev.revoke.mechanism.RevokeReport;
import dev.revoke.tty.pty.PtyDriver;
import dev.revoke.tty.pty.PtyPair;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.DeviceNumber;
import dev.revoke.vfs.FileOperations;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The tty layer of an emulated kernel, installed in one call:
 *
 * <pre>{@code
 * TtyLayer ttys = TtyLayer.install(kernel);
 * Terminal term = ttys.openPty(kernel.spawn("xterm", 1000));   // the master
 * LoginSession login = ttys.login(kernel.spawn("sh", 1000), term); // slave as fds 0-2, the controlling tty
 * term.type("echo hi\n");
 * term.tty().vhangup();          // or login.shell().vhangup() with CAP_SYS_TTY_CONFIG
 * // the shell's blocked read returns 0; it got SIGHUP, then SIGCONT
 * }</pre>
 *
 * <p>It registers {@code /dev/ptmx} and {@code /dev/pts/*} ({@link PtyDriver}),
 * {@code /dev/tty} (5:0, the caller's controlling tty; ENXIO without one),
 * {@code /dev/console} (5:1, console-redirect files on whichever tty
 * {@link #setConsole} chose; ENODEV before that), and the kernel's vhangup(2)
 * handler, which hangs up the caller's controlling tty (the capability
 * check, CAP_SYS_TTY_CONFIG, is the system call's). When a session leader
 * exits, its session's controlling tty is released and the foreground group
 * gets SIGHUP, as Linux does for a pty.
 */
public final class TtyLayer {
    /** {@code /dev/tty}. */
    public static final DeviceNumber DEV_TTY = new DeviceNumber(5, 0);
    /** {@code /dev/console}. */
    public static final DeviceNumber CONSOLE = new DeviceNumber(5, 1);

    private final Kernel kernel;
    private final PtyDriver ptys;
    private volatile Tty console;

    private TtyLayer(Kernel kernel) {
        this.kernel = kernel;
        this.ptys = new PtyDriver(kernel);
        FileOperations controlling = new TtyOperations(
                p -> p != null && p.controllingTty() instanceof Tty t ? t : null, ENXIO.negative(), TtyOperations.Kind.CONTROLLING);
        FileOperations consoleOps = new TtyOperations(p -> console, ENODEV.negative(), TtyOperations.Kind.CONSOLE);
        kernel.registerCharDevice(DEV_TTY, new Redirect(controlling));
        kernel.registerCharDevice(CONSOLE, new Redirect(consoleOps));
        kernel.mknod("/dev/tty", 0666, 0, DEV_TTY);
        kernel.mknod("/dev/console", 0600, 0, CONSOLE);
        kernel.setVhangupHandler(TtyLayer::vhangup);
        kernel.addProcessListener(new ProcessListener() {
            @Override
            public void started(Process p) {
            }

            /** A session leader's exit releases its session's controlling tty (after its files closed, as Linux's do_exit). */
            @Override
            public void exited(Process p) {
                if (p.isSessionLeader() && p.controllingTty() instanceof Tty t) {
                    t.control().leaderExited(p);
                    p.setControllingTty(null);
                }
            }
        });
    }

    /** Installs the tty layer into {@code kernel}; once per kernel. */
    public static TtyLayer install(Kernel kernel) {
        return new TtyLayer(kernel);
    }

    public Kernel kernel() {
        return kernel;
    }

    public PtyDriver ptys() {
        return ptys;
    }

    /** The tty {@code /dev/console} opens reach (Linux's console device); null for none. */
    public void setConsole(Tty tty) {
        console = tty;
    }

    public Tty console() {
        return console;
    }

    /** vhangup(2) after its capability check: hang up the caller's controlling tty, if any. */
    private static int vhangup(Process caller) {
        if (caller.controllingTty() instanceof Tty t) {
            t.vhangup();
        }
        return 0;
    }

    /**
     * A terminal emulator's {@code posix_openpt}, {@code grantpt},
     * {@code unlockpt}: {@code emulator} opens {@code /dev/ptmx} (O_RDWR,
     * O_NOCTTY) and unlocks the slave.
     *
     * @throws IllegalStateException if a system call fails
     */
    public Terminal openPty(Process emulator) {
        int fd = check(emulator.open("/dev/ptmx", Abi.O_RDWR | Abi.O_NOCTTY), "open /dev/ptmx");
        check((int) emulator.ioctl(fd, TtyIoctl.TIOCSPTLCK, 0), "unlockpt");
        int[] n = new int[1];
        check((int) emulator.ioctl(fd, TtyIoctl.TIOCGPTN, n), "ptsname");
        return new Terminal(emulator, fd, ptys.pair(n[0]));
    }

    /**
     * A login on {@code terminal}: {@code shell}, a session leader without a
     * controlling tty (what {@code Kernel.spawn} makes), opens the slave,
     * which becomes its controlling tty, and puts it on descriptors 0, 1
     * and 2.
     */
    public LoginSession login(Process shell, Terminal terminal) {
        int fd = check(shell.open(terminal.slavePath(), Abi.O_RDWR), "open " + terminal.slavePath());
        for (int i = 0; i < 3; i++) {
            check(shell.dup2(fd, i), "dup2");
        }
        if (fd > 2) {
            shell.close(fd);
        }
        if (shell.controllingTty() != terminal.tty()) {
            throw new IllegalStateException(shell + " did not get " + terminal.slavePath() + " as its controlling tty");
        }
        return new LoginSession(shell, terminal);
    }

    private static int check(int r, String what) {
        if (r < 0) {
            throw new IllegalStateException(what + ": " + dev.revoke.panama.Errno.nameOf(-r));
        }
        return r;
    }

    /**
     * The master side of a pty as a terminal emulator holds it.
     *
     * @param emulator the process holding the master
     * @param masterFd its descriptor for the master
     * @param pair     the pair
     */
    public record Terminal(Process emulator, int masterFd, PtyPair pair) {
        public String slavePath() {
            return pair.slavePath();
        }

        /** The slave tty. */
        public Tty tty() {
            return pair.slave();
        }

        /** Types {@code s} (one byte per char): a write to the master. */
        public long type(String s) {
            return emulator.write(masterFd, s.getBytes(StandardCharsets.ISO_8859_1));
        }

        /**
         * What the screen gets now: reads the master without waiting. The
         * master file is switched to O_NONBLOCK for the call and left
         * blocking after it. Ends at EAGAIN, EIO (no slave file left) or 0
         * (the master revoked).
         */
        public String screen() {
            StringBuilder s = new StringBuilder();
            int[] on = {1};
            emulator.ioctl(masterFd, Abi.FIONBIO, on);
            try {
                byte[] b = new byte[4096];
                long n;
                while ((n = emulator.read(masterFd, b)) > 0) {
                    s.append(new String(b, 0, (int) n, StandardCharsets.ISO_8859_1));
                }
            } finally {
                emulator.ioctl(masterFd, Abi.FIONBIO, new int[] {0});
            }
            return s.toString();
        }

        /** Closes the master: the slave is hung up before this returns. */
        public int close() {
            return emulator.close(masterFd);
        }
    }

    /**
     * A shell logged in on a pty: the slave on its descriptors 0-2 and as
     * its controlling tty.
     */
    public record LoginSession(Process shell, Terminal terminal) {
        public Tty tty() {
            return terminal.tty();
        }
    }

    /** A character device whose opens reach a tty chosen at open time (/dev/tty, /dev/console). */
    private record Redirect(FileOperations ops) implements CharDriver {
        @Override
        public FileOperations operations(CharDevice device) {
            return ops;
        }

        /** revoke(2) of /dev/tty or /dev/console revokes nothing of its own: the files belong to ttys. */
        @Override
        public RevokeReport revoke(CharDevice device) {
            return new RevokeReport(0, List.of(), 0, 0);
        }
    }
}
