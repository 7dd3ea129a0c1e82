package dev.revoke.tty.pty;

import static dev.revoke.panama.Errno.EIO;

import dev.revoke.kernel.CharDevice;
import dev.revoke.kernel.CharDriver;
import dev.revoke.kernel.Kernel;
import dev.revoke.mechanism.Revokable;
import dev.revoke.mechanism.RevokeReport;
import dev.revoke.ramfs.RamFs;
import dev.revoke.tty.TtyOperations;
import dev.revoke.vfs.Caller;
import dev.revoke.vfs.DeviceNumber;
import dev.revoke.vfs.FileOperations;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Unix98 ptys in the emulated kernel: {@code /dev/ptmx} (5:2), each open of
 * which makes a new {@link PtyPair}, and {@code /dev/pts/N} (136:N), its
 * slave. Pty numbers are the lowest free, as devpts hands them out, so a
 * system that keeps opening and closing terminals reuses the same few
 * numbers, device registrations and nodes.
 *
 * <p>revoke(2) of a slave node hangs that slave up ({@code vhangup}); of
 * {@code /dev/ptmx}, it revokes every master, each of which hangs up its
 * slave.
 */
public final class PtyDriver {
    public static final DeviceNumber PTMX = new DeviceNumber(5, 2);
    public static final int SLAVE_MAJOR = 136;

    private final Kernel kernel;
    private final RamFs.Dir ptsDir;
    private final PtyMasterOperations masterOps = new PtyMasterOperations(this);
    private final ReentrantLock lock = new ReentrantLock();
    private final TreeMap<Integer, PtyPair> pairs = new TreeMap<>();
    private final Map<Integer, FileOperations> slaveOps = new HashMap<>();

    /** Registers {@code /dev/ptmx} and creates {@code /dev/pts}. */
    public PtyDriver(Kernel kernel) {
        this.kernel = kernel;
        RamFs.Dir dev = kernel.rootDirectory().mkdir("dev", 0755, 0);
        this.ptsDir = dev.mkdir("pts", 0755, 0);
        kernel.registerCharDevice(PTMX, new MasterDriver());
        dev.mknod("ptmx", 0666, 0, PTMX);
    }

    /** The live pair with number {@code index}, or null. */
    public PtyPair pair(int index) {
        lock.lock();
        try {
            return pairs.get(index);
        } finally {
            lock.unlock();
        }
    }

    /** Every live pair (master open, or slave files left). */
    public List<PtyPair> pairs() {
        lock.lock();
        try {
            return List.copyOf(pairs.values());
        } finally {
            lock.unlock();
        }
    }

    /** Pty numbers that have ever had a device registered (the kernel never unregisters one). */
    public int registeredSlaveDevices() {
        lock.lock();
        try {
            return slaveOps.size();
        } finally {
            lock.unlock();
        }
    }

    /** A new pair at the lowest free number, with its node (owned by the opener, mode 0620 as devpts). */
    PtyPair allocate(Caller owner) {
        lock.lock();
        try {
            int index = 0;
            while (pairs.containsKey(index)) {
                index++;
            }
            PtyPair p = new PtyPair(this, kernel, index);
            pairs.put(index, p);
            if (!slaveOps.containsKey(index)) {
                int minor = index;
                FileOperations ops = new TtyOperations(caller -> {
                    PtyPair live = pair(minor);
                    return live == null ? null : live.slave();
                }, EIO.negative(), TtyOperations.Kind.TTY);
                slaveOps.put(index, ops);
                kernel.registerCharDevice(new DeviceNumber(SLAVE_MAJOR, index), new SlaveDriver(ops, minor));
            }
            ptsDir.mknod(Integer.toString(index), 0620, owner.uid(), new DeviceNumber(SLAVE_MAJOR, index));
            return p;
        } finally {
            lock.unlock();
        }
    }

    /** devpts_pty_kill: the slave's node goes away when its master closes. */
    void unlinkNode(PtyPair p) {
        ptsDir.unlink(Integer.toString(p.index()));
    }

    /** The pair is over: its number is free. */
    void free(PtyPair p) {
        lock.lock();
        try {
            pairs.remove(p.index(), p);
        } finally {
            lock.unlock();
        }
    }

    /** An open of /dev/ptmx that failed after allocating. */
    void discard(PtyPair p) {
        unlinkNode(p);
        free(p);
    }

    private final class MasterDriver implements CharDriver {
        @Override
        public FileOperations operations(CharDevice device) {
            return masterOps;
        }

        /** revoke(2) of /dev/ptmx: every master at once, one drain for all; each hangs up its slave. */
        @Override
        public RevokeReport revoke(CharDevice device) {
            List<Revokable> masters = new ArrayList<>();
            for (PtyPair p : pairs()) {
                masters.add(p.masterRevokable());
            }
            int released = 0;
            List<Throwable> failures = new ArrayList<>();
            long drain = 0;
            long total = 0;
            for (RevokeReport r : Revokable.revokeAll(masters)) {
                released += r.released();
                failures.addAll(r.failures());
                drain = Math.max(drain, r.drainNanos());
                total = Math.max(total, r.totalNanos());
            }
            return new RevokeReport(released, failures, drain, total);
        }
    }

    private final class SlaveDriver implements CharDriver {
        private final FileOperations ops;
        private final int index;

        SlaveDriver(FileOperations ops, int index) {
            this.ops = ops;
            this.index = index;
        }

        @Override
        public FileOperations operations(CharDevice device) {
            return ops;
        }

        /** revoke(2) of /dev/pts/N is a hangup of the slave. */
        @Override
        public RevokeReport revoke(CharDevice device) {
            PtyPair p = pair(index);
            if (p == null) {
                return new RevokeReport(0, List.of(), 0, 0);
            }
            return p.slave().vhangup().revocation();
        }
    }
}
