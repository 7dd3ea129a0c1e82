package dev.revoke.device;

import static dev.revoke.panama.Errno.EAGAIN;
import static dev.revoke.panama.Errno.EFAULT;
import static dev.revoke.panama.Errno.EINTR;
import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.ENOTTY;

import dev.revoke.kernel.CharDevice;
import dev.revoke.panama.ErrnoException;
import dev.revoke.panama.NativeFd;
import dev.revoke.panama.Posix;
import dev.revoke.panama.Sys;
import dev.revoke.panama.Termios;
import dev.revoke.panama.WinSize;
import dev.revoke.panama.libc.Libc;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.FileOperations;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.OpenFile;
import dev.revoke.vfs.PollTable;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The methods of files of one {@link RealFdDriver} device. The protocol is
 * described on {@link RealFdDriver}; this class only follows it. Every
 * method but open and release runs between the gate's start and stop using,
 * so the file's real descriptor is open for its whole duration.
 */
final class RealFdOperations implements FileOperations {
    private static final int TROUBLE = Abi.POLLERR | Abi.POLLHUP | Abi.POLLNVAL;

    private final RealFdDriver driver;
    private final CharDevice device;

    RealFdOperations(RealFdDriver driver, CharDevice device) {
        this.driver = driver;
        this.device = device;
    }

    private static RealFile rf(OpenFile f) {
        return (RealFile) f.privateData();
    }

    /**
     * Opens the real descriptor and the wake-up eventfd, then attaches, as
     * the very last step: from then on a revocation may release the file at
     * any moment, so nothing of it is touched after (Viro's point 1). If the
     * attach fails nothing was attached and the descriptors are still ours
     * to close.
     */
    @Override
    public int open(Inode inode, OpenFile file) {
        NativeFd real;
        try {
            real = driver.opener().open(file.flags());
        } catch (ErrnoException e) {
            return -e.errno();
        }
        int r = setNonBlocking(real.raw());
        if (r < 0) {
            real.close();
            return r;
        }
        int w = Sys.eventfd(0, Libc.EFD_CLOEXEC() | Libc.EFD_NONBLOCK());
        if (w < 0) {
            real.close();
            return w;
        }
        RealFile rf = new RealFile(driver.nextId(), file, real, NativeFd.adopt(w));
        file.setPrivateData(rf);
        driver.opened(rf);
        int attached = device.attach(file);
        if (attached < 0) {
            rf.discard();
            driver.closed(rf);
        }
        return attached;
    }

    private static int setNonBlocking(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment on = arena.allocate(JAVA_INT);
            on.set(JAVA_INT, 0, 1);
            return Sys.ioctl(fd, Abi.FIONBIO, on);
        }
    }

    @Override
    public long read(OpenFile f, byte[] buf, int off, int len) {
        RealFile rf = rf(f);
        int fd = rf.fd();
        Probe probe = driver.probe();
        probe.entered("read", fd);
        try {
            boolean troubled = false;
            while (true) {
                int n = Sys.read(fd, buf, off, len);
                if (n == EINTR.negative()) {
                    continue;
                }
                if (n != EAGAIN.negative() || f.isNonBlocking()) {
                    return n;
                }
                if (troubled) {
                    // poll(2) said ERR/HUP but read(2) has nothing to say: do not spin.
                    return EIO.negative();
                }
                if (rf.generation().isDying()) {
                    return driver.kind().revokedRead;
                }
                int revents = rf.await(Abi.POLLIN);
                if (revents == RealFile.KICKED) {
                    return driver.kind().revokedRead;
                }
                if (revents < 0) {
                    return revents;
                }
                troubled = (revents & Abi.POLLIN) == 0 && (revents & TROUBLE) != 0;
            }
        } finally {
            probe.left("read", fd);
        }
    }

    /**
     * Writes all of {@code buf} unless the file is non-blocking: a blocking
     * write sleeps for room as a tty's or a pipe's does. A write cut short by
     * a revocation or an error returns what it wrote, if anything.
     */
    @Override
    public long write(OpenFile f, byte[] buf, int off, int len) {
        RealFile rf = rf(f);
        int fd = rf.fd();
        Probe probe = driver.probe();
        probe.entered("write", fd);
        try {
            if (len == 0) {
                return Sys.write(fd, buf, off, 0);
            }
            long done = 0;
            boolean troubled = false;
            while (done < len) {
                int n = Sys.write(fd, buf, off + (int) done, len - (int) done);
                if (n == EINTR.negative()) {
                    continue;
                }
                if (n > 0) {
                    done += n;
                    troubled = false;
                    continue;
                }
                if (n == 0) {
                    break;
                }
                if (n != EAGAIN.negative() || f.isNonBlocking()) {
                    return done > 0 ? done : n;
                }
                if (troubled) {
                    return done > 0 ? done : EIO.negative();
                }
                if (rf.generation().isDying()) {
                    return done > 0 ? done : driver.kind().revokedWrite;
                }
                int revents = rf.await(Abi.POLLOUT);
                if (revents == RealFile.KICKED) {
                    return done > 0 ? done : driver.kind().revokedWrite;
                }
                if (revents < 0) {
                    return done > 0 ? done : revents;
                }
                troubled = (revents & Abi.POLLOUT) == 0 && (revents & TROUBLE) != 0;
            }
            return done;
        } finally {
            probe.left("write", fd);
        }
    }

    @Override
    public int poll(OpenFile f, int events, PollTable table) {
        RealFile rf = rf(f);
        Probe probe = driver.probe();
        int fd = rf.fd();
        probe.entered("poll", fd);
        try {
            return rf.poll(events, table, ReadinessWatcher.shared());
        } finally {
            probe.left("poll", fd);
        }
    }

    @Override
    public long ioctl(OpenFile f, int cmd, Object arg) {
        RealFile rf = rf(f);
        int fd = rf.fd();
        Probe probe = driver.probe();
        probe.entered("ioctl", fd);
        try {
            return switch (cmd) {
                case Abi.FIONREAD -> {
                    if (!(arg instanceof int[] out) || out.length < 1) {
                        yield EFAULT.negative();
                    }
                    int n = Sys.bytesAvailable(fd);
                    if (n >= 0) {
                        out[0] = n;
                    }
                    yield Math.min(n, 0);
                }
                case Abi.TIOCGWINSZ -> {
                    if (!(arg instanceof WinSize[] out) || out.length < 1) {
                        yield EFAULT.negative();
                    }
                    out[0] = Posix.getWinSize(fd);
                    yield 0;
                }
                case Abi.TIOCSWINSZ -> {
                    if (!(arg instanceof WinSize size)) {
                        yield EFAULT.negative();
                    }
                    Posix.setWinSize(fd, size);
                    yield 0;
                }
                case Abi.TCGETS -> {
                    if (!(arg instanceof Termios[] out) || out.length < 1) {
                        yield EFAULT.negative();
                    }
                    out[0] = Termios.of(fd);
                    yield 0;
                }
                case Abi.TCSETS -> {
                    if (!(arg instanceof Termios t)) {
                        yield EFAULT.negative();
                    }
                    t.apply(fd);
                    yield 0;
                }
                default -> ENOTTY.negative();
            };
        } catch (ErrnoException e) {
            return -e.errno();
        } finally {
            probe.left("ioctl", fd);
        }
    }

    /**
     * Closes the real descriptor and the eventfd: the only place they are
     * closed. The mechanism calls it once, with no method of the file running.
     */
    @Override
    public void release(OpenFile f) {
        RealFile rf = rf(f);
        if (rf == null) {
            return;
        }
        int fd = rf.fd();
        int wake = rf.wakeFd();
        Throwable failure = null;
        try {
            rf.release();
        } catch (Throwable t) {
            failure = t;
            throw t;
        } finally {
            driver.closed(rf);
            driver.probe().released(rf.id, fd, wake, failure);
        }
    }

    @Override
    public FileOperations revokedOperations() {
        return driver.kind().revokedOperations();
    }

    @Override
    public String toString() {
        return "realfd " + driver.kind() + " " + device;
    }
}
