package dev.revoke.panama;

import dev.revoke.panama.libc.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A pseudo-terminal pair: the master, the slave's path, and the slave opened
 * once, all owned together.
 *
 * <p>The slave is opened with O_NOCTTY so that opening a pty never makes it
 * the test runner's controlling terminal, and every descriptor with
 * O_CLOEXEC so that none leaks into a child process.
 */
public final class Pty implements AutoCloseable {
    private static final int PATH_MAX = 4096;

    private final NativeFd master;
    private final NativeFd slave;
    private final String slavePath;

    private Pty(NativeFd master, NativeFd slave, String slavePath) {
        this.master = master;
        this.slave = slave;
        this.slavePath = slavePath;
    }

    /** A blocking pair. */
    public static Pty open() throws ErrnoException {
        return open(0, 0);
    }

    /**
     * posix_openpt, grantpt, unlockpt, ptsname_r, then open of the slave.
     *
     * @param masterFlags added to O_RDWR|O_NOCTTY|O_CLOEXEC for the master, e.g. O_NONBLOCK
     * @param slaveFlags  added to the same for the slave
     */
    public static Pty open(int masterFlags, int slaveFlags) throws ErrnoException {
        int base = Libc.O_RDWR() | Libc.O_NOCTTY() | Libc.O_CLOEXEC();
        int m = Sys.posixOpenpt(base | masterFlags);
        if (m < 0) {
            throw new ErrnoException(-m, "posix_openpt", "");
        }
        NativeFd master = NativeFd.adopt(m);
        try {
            Posix.check(Sys.grantpt(m), "grantpt", m);
            Posix.check(Sys.unlockpt(m), "unlockpt", m);
            String path = ptsname(m);
            NativeFd slave = Posix.open(path, base | slaveFlags);
            return new Pty(master, slave, path);
        } catch (ErrnoException | RuntimeException e) {
            master.close();
            throw e;
        }
    }

    private static String ptsname(int masterFd) throws ErrnoException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(PATH_MAX);
            Posix.check(Sys.ptsname(masterFd, buf), "ptsname_r", masterFd);
            return buf.getString(0);
        }
    }

    public NativeFd master() {
        return master;
    }

    public NativeFd slave() {
        return slave;
    }

    /** e.g. /dev/pts/3 */
    public String slavePath() {
        return slavePath;
    }

    /** Another descriptor on the same slave, owned by the caller; O_NOCTTY|O_CLOEXEC are added. */
    public NativeFd openSlave(int flags) throws ErrnoException {
        return Posix.open(slavePath, flags | Libc.O_NOCTTY() | Libc.O_CLOEXEC());
    }

    /** Closes the slave, then the master. */
    @Override
    public void close() {
        try {
            slave.close();
        } finally {
            master.close();
        }
    }

    @Override
    public String toString() {
        return "Pty[master=" + master + ", slave=" + slave + " " + slavePath + "]";
    }
}
