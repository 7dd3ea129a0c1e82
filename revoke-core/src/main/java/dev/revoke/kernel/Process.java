package dev.revoke.kernel;

import static dev.revoke.panama.Errno.EACCES;
import static dev.revoke.panama.Errno.EBADF;
import static dev.revoke.panama.Errno.EEXIST;
import static dev.revoke.panama.Errno.EFAULT;
import static dev.revoke.panama.Errno.EINVAL;
import static dev.revoke.panama.Errno.EISDIR;
import static dev.revoke.panama.Errno.ELOOP;
import static dev.revoke.panama.Errno.ENOTDIR;
import static dev.revoke.panama.Errno.ENXIO;
import static dev.revoke.panama.Errno.EPERM;

import dev.revoke.vfs.Abi;
import dev.revoke.vfs.Caller;
import dev.revoke.vfs.DirectoryOperations;
import dev.revoke.vfs.FileOperations;
import dev.revoke.vfs.Gate;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.InodeType;
import dev.revoke.vfs.Mapping;
import dev.revoke.vfs.OpenFile;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An emulated process and its system calls. Any number of Java threads may
 * act as its threads and call into it at once. Calls answer as Linux does:
 * a non-negative result, or a negative errno ({@code -EBADF}).
 *
 * <p>Every call on a descriptor takes a reference to the open file for its
 * duration ({@code fget}/{@code fput}) and reaches the file's methods only
 * through {@link Gate}.
 */
public final class Process implements Caller {
    private static final int PAGE_SIZE = 4096;
    /** Linux's {@code current} while this thread is inside open(2) or ioctl(2); see {@link #current()}. */
    private static final ThreadLocal<Process> CURRENT = new ThreadLocal<>();

    private final Kernel kernel;
    private final int pid;
    private final int ppid;
    private final String name;
    private final int uid;
    private final Set<Capability> capabilities;
    private final FdTable fds;
    private final Map<Long, Mapping> mappings = new ConcurrentHashMap<>();
    private final AtomicLong nextMapping = new AtomicLong(1);
    private final List<Signal> signals = new ArrayList<>();
    private volatile int sid;
    private volatile int pgid;
    private volatile Object controllingTty;
    private volatile boolean exited;
    private volatile int exitStatus;

    Process(Kernel kernel, int pid, Process parent, String name, int uid, FdTable fds) {
        this.kernel = kernel;
        this.pid = pid;
        this.ppid = parent == null ? 0 : parent.pid;
        this.name = name;
        this.uid = uid;
        this.fds = fds;
        this.capabilities = uid == 0 ? EnumSet.allOf(Capability.class) : EnumSet.noneOf(Capability.class);
        this.sid = pid;
        this.pgid = pid;
    }

    private Process(Process parent) {
        this.kernel = parent.kernel;
        this.pid = kernel.nextPid();
        this.ppid = parent.pid;
        this.name = parent.name;
        this.uid = parent.uid;
        this.fds = parent.fds.copy();
        this.capabilities = EnumSet.noneOf(Capability.class);
        this.capabilities.addAll(parent.capabilities);
        this.sid = parent.sid;
        this.pgid = parent.pgid;
        this.controllingTty = parent.controllingTty;
    }

    // ---- identity

    @Override
    public int pid() {
        return pid;
    }

    public int ppid() {
        return ppid;
    }

    public String name() {
        return name;
    }

    @Override
    public int uid() {
        return uid;
    }

    @Override
    public boolean isRoot() {
        return uid == 0;
    }

    public Kernel kernel() {
        return kernel;
    }

    public boolean hasCapability(Capability c) {
        synchronized (capabilities) {
            return capabilities.contains(c);
        }
    }

    public void setCapability(Capability c, boolean on) {
        synchronized (capabilities) {
            if (on) {
                capabilities.add(c);
            } else {
                capabilities.remove(c);
            }
        }
    }

    public int sessionId() {
        return sid;
    }

    public int processGroup() {
        return pgid;
    }

    public boolean isSessionLeader() {
        return sid == pid;
    }

    /** {@code setsid(2)}: EPERM for a process group leader, as Linux. */
    public int setsid() {
        if (pgid == pid) {
            return EPERM.negative();
        }
        sid = pgid = pid;
        controllingTty = null;
        return pid;
    }

    /** {@code setpgid(0, pgid)} for the calling process. */
    public int setpgid(int group) {
        if (group < 0) {
            return EINVAL.negative();
        }
        if (isSessionLeader()) {
            return EPERM.negative();
        }
        pgid = group == 0 ? pid : group;
        return 0;
    }

    /** The controlling terminal, as the tty layer set it; null if none. */
    public Object controllingTty() {
        return controllingTty;
    }

    public void setControllingTty(Object tty) {
        this.controllingTty = tty;
    }

    // ---- signals

    /** Records a signal; the emulation does not act on it. */
    public void signal(Signal s) {
        synchronized (signals) {
            signals.add(s);
        }
    }

    /** Signals received, in order. */
    public List<Signal> signals() {
        synchronized (signals) {
            return List.copyOf(signals);
        }
    }

    // ---- lifetime

    public boolean hasExited() {
        return exited;
    }

    public int exitStatus() {
        return exitStatus;
    }

    /** {@code fork(2)}: the child shares every open file (with one more reference each) and the session. */
    public Process fork() {
        requireAlive();
        Process child = new Process(this);
        kernel.register(child);
        return child;
    }

    /** {@code _exit(2)}: closes every descriptor and mapping, then the process is gone. */
    public void exit(int status) {
        if (exited) {
            return;
        }
        exitStatus = status;
        exited = true;
        for (long addr : List.copyOf(mappings.keySet())) {
            munmap(addr);
        }
        for (OpenFile f : fds.clear()) {
            f.put();
        }
        kernel.reap(this);
    }

    // ---- descriptors

    public int open(String path, int flags) {
        return open(path, flags, 0666);
    }

    /** {@code open(2)}. */
    public int open(String path, int flags, int mode) {
        requireAlive();
        boolean create = (flags & Abi.O_CREAT) != 0;
        PathWalk.Result w = PathWalk.resolve(kernel, this, path, (flags & Abi.O_NOFOLLOW) == 0);
        if (!w.ok()) {
            if (!create || w.parent() == null) {
                return w.error();
            }
            if (path.endsWith("/")) {
                return EISDIR.negative();
            }
            if (!kernel.may(w.parent(), this, 2 | 1)) {
                return EACCES.negative();
            }
            int made = w.parent().create(w.name(), mode & 0777, this);
            if (made < 0 && made != EEXIST.negative()) {
                return made;
            }
            w = PathWalk.resolve(kernel, this, path, true);
            if (!w.ok()) {
                return w.error();
            }
        } else if (create && (flags & Abi.O_EXCL) != 0) {
            return EEXIST.negative();
        }
        return openInode(w.inode(), w.path(), flags);
    }

    private int openInode(Inode inode, String path, int flags) {
        int acc = flags & Abi.O_ACCMODE;
        if (inode.type() == InodeType.SYMLINK) {
            return ELOOP.negative();
        }
        if ((flags & Abi.O_DIRECTORY) != 0 && inode.type() != InodeType.DIRECTORY) {
            return ENOTDIR.negative();
        }
        if (inode.type() == InodeType.DIRECTORY && (acc != Abi.O_RDONLY || (flags & Abi.O_CREAT) != 0)) {
            return EISDIR.negative();
        }
        int want = switch (acc) {
            case Abi.O_RDONLY -> 4;
            case Abi.O_WRONLY -> 2;
            default -> 6;
        };
        if (!kernel.may(inode, this, want)) {
            return EACCES.negative();
        }
        FileOperations ops = operationsFor(inode);
        if (ops == null) {
            return ENXIO.negative();
        }
        int kept = flags & ~(Abi.O_CREAT | Abi.O_EXCL | Abi.O_TRUNC | Abi.O_CLOEXEC | Abi.O_NOCTTY);
        OpenFile f = new OpenFile(inode, path, kept | (flags & Abi.O_NOCTTY), ops, this);
        if ((flags & Abi.O_TRUNC) != 0 && f.canWrite() && inode.type() == InodeType.REGULAR) {
            int t = inode.truncate();
            if (t < 0) {
                return t;
            }
        }
        int r = (int) asCurrent(() -> Gate.open(f, inode));
        if (r < 0) {
            return r;
        }
        int fd = fds.install(f, (flags & Abi.O_CLOEXEC) != 0, 0);
        if (fd < 0) {
            f.put();
        }
        return fd;
    }

    private FileOperations operationsFor(Inode inode) {
        return switch (inode.type()) {
            case DIRECTORY -> DirectoryOperations.INSTANCE;
            case CHAR_DEVICE -> {
                CharDevice d = kernel.charDevice(inode.rdev());
                yield d == null ? null : d.driver().operations(d);
            }
            default -> inode.fileOperations();
        };
    }

    /** {@code close(2)}. The file is released when its last reference goes, here or in a call still running. */
    public int close(int fd) {
        OpenFile f = fds.remove(fd);
        if (f == null) {
            return EBADF.negative();
        }
        f.put();
        return 0;
    }

    /** {@code dup(2)}. */
    public int dup(int fd) {
        OpenFile f = fds.get(fd);
        if (f == null) {
            return EBADF.negative();
        }
        int nfd = fds.install(f, false, 0);
        if (nfd < 0) {
            f.put();
        }
        return nfd;
    }

    /** {@code dup2(2)}: closes {@code newFd} silently if open; returns it. */
    public int dup2(int oldFd, int newFd) {
        if (newFd < 0 || newFd >= fds.limit()) {
            return EBADF.negative();
        }
        OpenFile f = fds.get(oldFd);
        if (f == null) {
            return EBADF.negative();
        }
        if (oldFd == newFd) {
            f.put();
            return newFd;
        }
        OpenFile displaced = fds.replace(newFd, f);
        if (displaced != null) {
            displaced.put();
        }
        return newFd;
    }

    public boolean isCloseOnExec(int fd) {
        return fds.isCloseOnExec(fd);
    }

    /** Open descriptors, lowest first: what /proc/PID/fd lists. */
    public List<Integer> openFds() {
        return fds.openFds();
    }

    /** The file behind {@code fd}, without a reference: for listings only. */
    public OpenFile peekFile(int fd) {
        return fds.peek(fd);
    }

    // ---- I/O

    public long read(int fd, byte[] buf) {
        return read(fd, buf, 0, buf.length);
    }

    /** {@code read(2)}. */
    public long read(int fd, byte[] buf, int off, int len) {
        OpenFile f = fds.get(fd);
        if (f == null) {
            return EBADF.negative();
        }
        try {
            if (!f.canRead()) {
                return EBADF.negative();
            }
            if (off < 0 || len < 0 || off + len > buf.length) {
                return EFAULT.negative();
            }
            return Gate.read(f, buf, off, len);
        } finally {
            f.put();
        }
    }

    public long write(int fd, byte[] buf) {
        return write(fd, buf, 0, buf.length);
    }

    /** {@code write(2)}. */
    public long write(int fd, byte[] buf, int off, int len) {
        OpenFile f = fds.get(fd);
        if (f == null) {
            return EBADF.negative();
        }
        try {
            if (!f.canWrite()) {
                return EBADF.negative();
            }
            if (off < 0 || len < 0 || off + len > buf.length) {
                return EFAULT.negative();
            }
            return Gate.write(f, buf, off, len);
        } finally {
            f.put();
        }
    }

    /** {@code lseek(2)}. */
    public long lseek(int fd, long offset, int whence) {
        OpenFile f = fds.get(fd);
        if (f == null) {
            return EBADF.negative();
        }
        try {
            if (whence < Abi.SEEK_SET || whence > Abi.SEEK_END) {
                return EINVAL.negative();
            }
            return Gate.llseek(f, offset, whence);
        } finally {
            f.put();
        }
    }

    /**
     * {@code ioctl(2)}. The generic requests (FIONBIO, FIOCLEX, FIONCLEX)
     * are the kernel's; the rest go to the file.
     */
    public long ioctl(int fd, int cmd, Object arg) {
        OpenFile f = fds.get(fd);
        if (f == null) {
            return EBADF.negative();
        }
        try {
            return switch (cmd) {
                case Abi.FIOCLEX -> fds.setCloseOnExec(fd, true);
                case Abi.FIONCLEX -> fds.setCloseOnExec(fd, false);
                case Abi.FIONBIO -> {
                    if (!(arg instanceof int[] v) || v.length < 1) {
                        yield EFAULT.negative();
                    }
                    f.setNonBlocking(v[0] != 0);
                    yield 0;
                }
                default -> asCurrent(() -> Gate.ioctl(f, cmd, arg));
            };
        } finally {
            f.put();
        }
    }

    /**
     * {@code fcntl(2)} for descriptor and status flags. Turning
     * {@code O_ASYNC} on or off goes to the file's fasync through the gate,
     * so a revoked file answers as its filesystem says (a hung-up tty:
     * ENOTTY) and the flags stay as they were.
     */
    public long fcntl(int fd, int cmd, int arg) {
        OpenFile f = fds.get(fd);
        if (f == null) {
            return EBADF.negative();
        }
        try {
            return switch (cmd) {
                case Abi.F_GETFD -> fds.isCloseOnExec(fd) ? Abi.FD_CLOEXEC : 0;
                case Abi.F_SETFD -> fds.setCloseOnExec(fd, (arg & Abi.FD_CLOEXEC) != 0);
                case Abi.F_GETFL -> f.flags();
                case Abi.F_SETFL -> setStatusFlags(f, arg);
                default -> EINVAL.negative();
            };
        } finally {
            f.put();
        }
    }

    private static int setStatusFlags(OpenFile f, int requested) {
        boolean async = (requested & Abi.O_ASYNC) != 0;
        if (async != ((f.flags() & Abi.O_ASYNC) != 0)) {
            int r = Gate.fasync(f, async);
            if (r < 0) {
                return r;
            }
        }
        f.setStatusFlags(requested);
        return 0;
    }

    /** {@code poll(2)}; {@code timeoutMillis} negative waits without limit. */
    public int poll(PollFd[] fds, int timeoutMillis) {
        return Poll.poll(this, fds, timeoutMillis);
    }

    OpenFile fget(int fd) {
        return fds.get(fd);
    }

    // ---- memory mappings

    /**
     * {@code mmap(2)} of {@code length} bytes at {@code offset} (page
     * aligned), shared. Returns an address for {@link #load}, or a negative
     * errno. The mapping holds its own reference to the file, as a VMA does.
     */
    public long mmap(int fd, int length, long offset) {
        if (length <= 0 || offset < 0 || offset % PAGE_SIZE != 0) {
            return EINVAL.negative();
        }
        OpenFile f = fds.get(fd);
        if (f == null) {
            return EBADF.negative();
        }
        if (!f.canRead()) {
            f.put();
            return EACCES.negative();
        }
        Mapping m = Gate.newMapping(f, offset, length);
        int r = Gate.mmap(f, m);
        if (r < 0) {
            f.put();
            return r;
        }
        long addr = nextMapping.getAndIncrement() * (1L << 32);
        mappings.put(addr, m);
        return addr;
    }

    /**
     * Reads the byte at {@code offset} into a mapping: a page fault.
     * Returns the byte (0-255), or {@code -EFAULT} with SIGBUS recorded when
     * the mapping is gone, as an access to a zapped mapping is.
     */
    public int load(long addr, long offset) {
        Mapping m = mappings.get(addr);
        if (m == null || offset < 0 || offset >= m.length()) {
            signal(Signal.SIGBUS);
            return EFAULT.negative();
        }
        int b = Gate.fault(m, offset);
        if (b == EFAULT.negative()) {
            signal(Signal.SIGBUS);
        }
        return b;
    }

    /** {@code munmap(2)} of a whole mapping. */
    public int munmap(long addr) {
        Mapping m = mappings.remove(addr);
        if (m == null) {
            return EINVAL.negative();
        }
        m.file().put();
        return 0;
    }

    // ---- revocation

    /**
     * {@code revoke(2)}, FreeBSD's: ENOENT for a missing path, EINVAL
     * unless it names a character device, EPERM unless the caller owns the
     * node or is root. Every file open on the device, through any alias,
     * is revoked; the call returns when they are all released.
     */
    public int revoke(String path) {
        requireAlive();
        PathWalk.Result w = PathWalk.resolve(kernel, this, path, true);
        if (!w.ok()) {
            return w.error();
        }
        Inode inode = w.inode();
        if (inode.type() != InodeType.CHAR_DEVICE) {
            return EINVAL.negative();
        }
        if (uid != inode.uid() && !isRoot()) {
            return EPERM.negative();
        }
        CharDevice d = kernel.charDevice(inode.rdev());
        if (d == null) {
            return ENXIO.negative();
        }
        d.driver().revoke(d);
        return 0;
    }

    /** {@code vhangup(2)}: needs CAP_SYS_TTY_CONFIG; the tty layer hangs up the controlling terminal. */
    public int vhangup() {
        if (!hasCapability(Capability.CAP_SYS_TTY_CONFIG)) {
            return EPERM.negative();
        }
        return kernel.vhangupHandler().vhangup(this);
    }

    /**
     * The process whose open(2) or ioctl(2) is running on this thread, as
     * Linux's {@code current}; null outside those calls. File methods get
     * no caller argument, yet a terminal's open and its job-control ioctls
     * (TIOCSCTTY, TIOCSPGRP, ...) act on the calling process and its session.
     */
    public static Process current() {
        return CURRENT.get();
    }

    private long asCurrent(java.util.function.LongSupplier call) {
        Process outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return call.getAsLong();
        } finally {
            CURRENT.set(outer);
        }
    }

    private void requireAlive() {
        if (exited) {
            throw new IllegalStateException("process " + pid + " has exited");
        }
    }

    @Override
    public String toString() {
        return name + "[" + pid + "]";
    }
}
