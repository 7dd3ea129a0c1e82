package dev.revoke.tty.pty;

import static dev.revoke.panama.Errno.EAGAIN;
import static dev.revoke.panama.Errno.EFAULT;
import static dev.revoke.panama.Errno.EINTR;
import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.ENOTTY;
import static dev.revoke.panama.Errno.EPERM;

import dev.revoke.kernel.Capability;
import dev.revoke.kernel.Process;
import dev.revoke.mechanism.WaitQueue;
import dev.revoke.tty.Termios;
import dev.revoke.tty.Tty;
import dev.revoke.tty.TtyIoctl;
import dev.revoke.tty.WinSize;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.FileOperations;
import dev.revoke.vfs.HungUpTtyOperations;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.OpenFile;
import dev.revoke.vfs.PollTable;

import java.util.concurrent.TimeUnit;

/**
 * The methods of a pty master's file ({@code /dev/ptmx}). An open makes a new
 * pair; the file is attached to the pair's master revokable, last.
 *
 * <ul>
 * <li>read: the slave's output, as soon as there is any; with none, EIO if
 *     every slave file is gone (TTY_OTHER_CLOSED), else EAGAIN or a sleep;
 * <li>write: typed input, all of it (O_NONBLOCK: what fits); it goes into the
 *     slave's live line discipline, or waits for the next one while the
 *     slave is hung up;
 * <li>poll: IN when there is output, OUT when input fits, HUP when every
 *     slave file is gone;
 * <li>ioctl: TIOCGPTN, TIOCSPTLCK/TIOCGPTLCK (a new pair starts locked, as
 *     {@code unlockpt} expects), and on the slave's behalf TCGETS/TCSETS,
 *     TIOCGWINSZ/TIOCSWINSZ, TIOCGPGRP, TIOCSPGRP, TIOCSCTTY, TIOCGSID;
 *     FIONREAD counts the master's readable bytes; TIOCVHANGUP (CAP_SYS_ADMIN)
 *     revokes the master's own file;
 * <li>release: the master's close, which hangs up the slave.
 * </ul>
 * A revoked master answers as a hung-up tty.
 */
final class PtyMasterOperations implements FileOperations {
    private final PtyDriver driver;

    PtyMasterOperations(PtyDriver driver) {
        this.driver = driver;
    }

    @Override
    public int open(Inode inode, OpenFile file) {
        PtyPair pair = driver.allocate(file.opener());
        file.setPrivateData(pair);
        int r = file.makeRevokable(pair.masterRevokable()); // Viro's question 1: the last step
        if (r < 0) {
            driver.discard(pair); // never attached: nobody else saw it
        }
        return r;
    }

    private static PtyPair pair(OpenFile f) {
        return (PtyPair) f.privateData();
    }

    @Override
    public long read(OpenFile f, byte[] buf, int off, int len) {
        PtyPair p = pair(f);
        if (len == 0) {
            return 0;
        }
        WaitQueue q = p.masterQueue();
        while (true) {
            int n = p.drain(buf, off, len);
            if (n > 0) {
                return n;
            }
            if (p.slaveClosed()) {
                return EIO.negative();
            }
            if (f.isNonBlocking()) {
                return EAGAIN.negative();
            }
            switch (q.await(() -> p.readable() || p.slaveClosed(), -1)) {
                case REVOKED -> {
                    return HungUpTtyOperations.READ;
                }
                case INTERRUPTED -> {
                    return EINTR.negative();
                }
                default -> {
                }
            }
        }
    }

    @Override
    public long write(OpenFile f, byte[] buf, int off, int len) {
        PtyPair p = pair(f);
        WaitQueue q = p.masterQueue();
        int done = 0;
        while (done < len) {
            done += p.type(buf, off + done, len - done);
            if (done == len) {
                break;
            }
            if (f.isNonBlocking()) {
                return done > 0 ? done : EAGAIN.negative();
            }
            switch (q.await(p::typeable, -1)) {
                case REVOKED -> {
                    return done > 0 ? done : HungUpTtyOperations.WRITE;
                }
                case INTERRUPTED -> {
                    return done > 0 ? done : EINTR.negative();
                }
                default -> {
                }
            }
        }
        return done;
    }

    @Override
    public int poll(OpenFile f, int events, PollTable table) {
        PtyPair p = pair(f);
        if (table != null) {
            table.waitOn(p.masterQueue());
        }
        int mask = 0;
        if (p.readable()) {
            mask |= Abi.POLLIN | Abi.POLLRDNORM;
        }
        if (p.typeable()) {
            mask |= Abi.POLLOUT | Abi.POLLWRNORM;
        }
        if (p.slaveClosed()) {
            mask |= Abi.POLLHUP;
        }
        return mask;
    }

    @Override
    public long ioctl(OpenFile f, int cmd, Object arg) {
        PtyPair p = pair(f);
        Tty slave = p.slave();
        Process caller = Process.current();
        switch (cmd) {
            case TtyIoctl.TIOCGPTN -> {
                return TtyIoctl.putInt(arg, p.index());
            }
            case TtyIoctl.TIOCSPTLCK -> {
                Integer v = TtyIoctl.intArg(arg, null);
                if (v == null) {
                    return EFAULT.negative();
                }
                p.setLocked(v != 0);
                return 0;
            }
            case TtyIoctl.TIOCGPTLCK -> {
                return TtyIoctl.putInt(arg, p.isLocked() ? 1 : 0);
            }
            case Abi.FIONREAD -> {
                return TtyIoctl.putInt(arg, p.readableCount());
            }
            case Abi.TCGETS -> {
                return TtyIoctl.putTermios(arg, slave.termios());
            }
            case Abi.TCSETS, Abi.TCSETSW, Abi.TCSETSF -> {
                if (!(arg instanceof Termios t)) {
                    return EFAULT.negative();
                }
                slave.setTermios(t);
                return 0;
            }
            case Abi.TIOCGWINSZ -> {
                return TtyIoctl.putWinSize(arg, slave.winSize());
            }
            case Abi.TIOCSWINSZ -> {
                if (!(arg instanceof WinSize ws)) {
                    return EFAULT.negative();
                }
                slave.setWinSize(ws);
                return 0;
            }
            case Abi.TIOCGPGRP -> {
                int r = slave.control().tiocgpgrp(caller, true);
                return r < 0 ? r : TtyIoctl.putInt(arg, r);
            }
            case Abi.TIOCGSID -> {
                int r = slave.control().tiocgsid(caller, true);
                return r < 0 ? r : TtyIoctl.putInt(arg, r);
            }
            case Abi.TIOCSPGRP -> {
                Integer group = TtyIoctl.intArg(arg, null);
                return group == null ? EFAULT.negative() : slave.control().tiocspgrp(caller, group);
            }
            case Abi.TIOCSCTTY -> {
                Integer steal = TtyIoctl.intArg(arg, 0);
                return steal == null ? EFAULT.negative()
                        : slave.control().tiocsctty(caller, f.canRead(), steal);
            }
            case Abi.TIOCNOTTY -> {
                return ENOTTY.negative(); // nobody's controlling tty is a master
            }
            case Abi.TIOCVHANGUP -> {
                if (caller == null || !caller.hasCapability(Capability.CAP_SYS_ADMIN)) {
                    return EPERM.negative();
                }
                revokeFromInside(p);
                return 0;
            }
            default -> {
                return ENOTTY.negative();
            }
        }
    }

    /**
     * TIOCVHANGUP on the master, from inside its own method: revoke the
     * master on another thread and wait until it refuses new calls (the
     * drain waits for this method to leave). Its release is the master's
     * close, so the slave is hung up right after.
     */
    private static void revokeFromInside(PtyPair p) {
        var done = p.masterRevokable().revokeAsync();
        boolean interrupted = false;
        while (true) {
            try {
                if (p.masterKilled().await(10, TimeUnit.MILLISECONDS) || done.isDone()) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int fasync(OpenFile f, boolean on) {
        return 0;
    }

    @Override
    public void release(OpenFile f) {
        pair(f).masterReleased();
    }

    @Override
    public FileOperations revokedOperations() {
        return HungUpTtyOperations.INSTANCE;
    }

    @Override
    public String toString() {
        return "ptmx";
    }
}
