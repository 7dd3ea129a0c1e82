package dev.revoke.tty.diff;

import dev.revoke.kernel.Kernel;
import dev.revoke.kernel.PollFd;
import dev.revoke.kernel.Process;
import dev.revoke.panama.Errno;
import dev.revoke.tty.Termios;
import dev.revoke.tty.TtyIoctl;
import dev.revoke.tty.TtyLayer;
import dev.revoke.tty.WinSize;
import dev.revoke.vfs.Abi;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The whole simulated stack: an emulated kernel with the tty layer, a
 * "terminal emulator" process holding a pty master opened O_NONBLOCK, and a
 * "shell" process holding the slave twice (blocking and O_NONBLOCK, opened
 * O_NOCTTY like the real backend's), every step an emulated system call.
 * A hangup is the shell's TIOCVHANGUP, as on the real pty (both run as root).
 */
final class KernelPtyBackend implements PtyBackend {
    private static final long MASTER_WRITE_MILLIS = 5_000;

    private final Kernel kernel = new Kernel();
    private final TtyLayer ttys = TtyLayer.install(kernel);
    private final Process emulator = kernel.spawn("xterm", 0);
    private final Process shell = kernel.spawn("sh", 0);
    private final TtyLayer.Terminal terminal;
    private final int master;
    private int slave;
    private int slaveNonblocking;

    KernelPtyBackend() {
        terminal = ttys.openPty(emulator);
        master = terminal.masterFd();
        check(emulator.ioctl(master, Abi.FIONBIO, new int[] {1}));
        slave = check(shell.open(terminal.slavePath(), Abi.O_RDWR | Abi.O_NOCTTY));
        slaveNonblocking = check(shell.open(terminal.slavePath(), Abi.O_RDWR | Abi.O_NOCTTY | Abi.O_NONBLOCK));
    }

    private static int check(long r) {
        if (r < 0) {
            throw new IllegalStateException("setup failed: " + Errno.nameOf((int) -r));
        }
        return (int) r;
    }

    TtyLayer.Terminal terminal() {
        return terminal;
    }

    @Override
    public String name() {
        return "kernel " + terminal.slavePath();
    }

    private int slave(boolean nonblock) {
        return nonblock ? slaveNonblocking : slave;
    }

    /** Like the real backend: a non-blocking master, waited on with poll(2) when full. */
    @Override
    public int masterWrite(byte[] data) {
        int done = 0;
        long deadline = System.nanoTime() + MASTER_WRITE_MILLIS * 1_000_000;
        while (done < data.length) {
            long r = emulator.write(master, data, done, data.length - done);
            if (r == Errno.EAGAIN.negative()) {
                if (System.nanoTime() > deadline) {
                    break;
                }
                emulator.poll(new PollFd[] {new PollFd(master, Abi.POLLOUT)}, 1000);
                continue;
            }
            if (r < 0) {
                return done > 0 ? done : (int) r;
            }
            done += (int) r;
        }
        return done;
    }

    @Override
    public byte[] masterReadAvailable() {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        long r;
        while ((r = emulator.read(master, buf)) > 0) {
            got.write(buf, 0, (int) r);
        }
        return got.toByteArray();
    }

    @Override
    public IoResult masterRead() {
        byte[] buf = new byte[4096];
        int r = (int) emulator.read(master, buf);
        return new IoResult(r, r > 0 ? Arrays.copyOf(buf, r) : new byte[0]);
    }

    @Override
    public IoResult slaveRead(int n, boolean nonblock) {
        byte[] buf = new byte[n];
        int r = (int) shell.read(slave(nonblock), buf);
        return new IoResult(r, r > 0 ? Arrays.copyOf(buf, r) : new byte[0]);
    }

    @Override
    public int slaveWrite(byte[] data, boolean nonblock) {
        return (int) shell.write(slave(nonblock), data);
    }

    @Override
    public int fionread() {
        int[] n = new int[1];
        long r = shell.ioctl(slave, Abi.FIONREAD, n);
        return r < 0 ? (int) r : n[0];
    }

    @Override
    public int tcflush(int queueSelector) {
        return (int) shell.ioctl(slave, TtyIoctl.TCFLSH, queueSelector);
    }

    @Override
    public int tcflow(int action) {
        return (int) shell.ioctl(slave, TtyIoctl.TCXONC, action);
    }

    @Override
    public int outq() {
        int[] n = new int[1];
        long r = shell.ioctl(slave, TtyIoctl.TIOCOUTQ, n);
        return r < 0 ? (int) r : n[0];
    }

    @Override
    public int poll(int events) {
        PollFd[] fds = {new PollFd(slave, events)};
        int r = shell.poll(fds, 0);
        return r < 0 ? r : fds[0].revents;
    }

    @Override
    public int pollBlocking(int events) {
        PollFd[] fds = {new PollFd(slave, events)};
        int r = shell.poll(fds, -1);
        return r < 0 ? r : fds[0].revents;
    }

    @Override
    public void editTermios(Consumer<TermiosFields> edit) {
        Termios[] t = new Termios[1];
        check(shell.ioctl(slave, Abi.TCGETS, t));
        edit.accept(new SimPtyBackend.ModelFields(t[0]));
        check(shell.ioctl(slave, Abi.TCSETS, t[0]));
    }

    @Override
    public String termiosFlags() {
        Termios[] t = new Termios[1];
        long r = shell.ioctl(slave, Abi.TCGETS, t);
        return r < 0 ? Errno.nameOf((int) -r) : TermiosFields.describe(t[0].iflag(), t[0].oflag(), t[0].cflag(), t[0].lflag());
    }

    @Override
    public int tiocgpgrp() {
        int[] g = new int[1];
        long r = shell.ioctl(slave, Abi.TIOCGPGRP, g);
        return r < 0 ? (int) r : g[0];
    }

    @Override
    public int tiocspgrp() {
        return (int) shell.ioctl(slave, Abi.TIOCSPGRP, shell.processGroup());
    }

    @Override
    public int hangup() {
        return (int) shell.ioctl(slave, Abi.TIOCVHANGUP, null);
    }

    @Override
    public int reopenSlave() {
        long a = shell.open(terminal.slavePath(), Abi.O_RDWR | Abi.O_NOCTTY);
        if (a < 0) {
            return (int) a;
        }
        long b = shell.open(terminal.slavePath(), Abi.O_RDWR | Abi.O_NOCTTY | Abi.O_NONBLOCK);
        if (b < 0) {
            shell.close((int) a);
            return (int) b;
        }
        closeSlave();
        slave = (int) a;
        slaveNonblocking = (int) b;
        return 0;
    }

    /** Closes both slave descriptors, once: a reopen after a close must not close the numbers it just got. */
    @Override
    public int closeSlave() {
        if (slave >= 0) {
            shell.close(slave);
            shell.close(slaveNonblocking);
            slave = slaveNonblocking = -1;
        }
        return 0;
    }

    @Override
    public int setWinSize(int rows, int cols) {
        return (int) shell.ioctl(slave, Abi.TIOCSWINSZ, new WinSize(rows, cols));
    }

    @Override
    public String winSize() {
        WinSize[] ws = new WinSize[1];
        long r = shell.ioctl(slave, Abi.TIOCGWINSZ, ws);
        return r < 0 ? Errno.nameOf((int) -r) : ws[0].rows() + "x" + ws[0].cols();
    }

    @Override
    public int masterHangup() {
        return (int) emulator.ioctl(master, Abi.TIOCVHANGUP, null);
    }

    @Override
    public int closeMaster() {
        return emulator.close(master);
    }

    /** Delivery is synchronous; only threads woken by the last step need a moment. */
    @Override
    public void settle() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void wakeBlocked() {
        terminal.tty().vhangup();
    }

    @Override
    public void close() {
        shell.exit(0);
        emulator.exit(0);
    }
}
