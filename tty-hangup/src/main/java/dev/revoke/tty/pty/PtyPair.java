package dev.revoke.tty.pty;

import static dev.revoke.panama.Errno.EIO;

import dev.revoke.kernel.Kernel;
import dev.revoke.mechanism.InUse;
import dev.revoke.mechanism.Revokable;
import dev.revoke.mechanism.WaitQueue;
import dev.revoke.tty.Termios;
import dev.revoke.tty.Tty;
import dev.revoke.tty.TtyDriver;
import dev.revoke.tty.ldisc.NTty;
import dev.revoke.vfs.OpenFile;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One pseudo-terminal: the master a terminal emulator holds, and the slave
 * {@link Tty} a shell runs on ({@code /dev/pts/N}).
 *
 * <p>The slave is a full tty; its hangups are revocations (see {@link Tty}).
 * The master is the slave's driver side: what it reads is the output of the
 * slave's line disciplines, what it writes is typed input. Its own file is
 * revocable too, through a {@link Revokable} of the pair's, and its
 * sleepers sleep on that revokable's queue, which every change of any of the
 * slave's line disciplines wakes (and the slave's hangups, through their
 * kicks), so a master asleep on a line discipline that just died wakes up
 * and looks again.
 *
 * <p>What Linux keeps across a slave hangup, this keeps too:
 * <ul>
 * <li>output the slave wrote before the hangup stays readable on the master:
 *     the master reads the line disciplines of hung-up generations, oldest
 *     first, until they are empty, and forgets them then;
 * <li>input typed while the slave has no line discipline (hung up and not
 *     reopened) waits in an 8 KiB buffer, like Linux's flip buffer. As on
 *     Linux, the reopen alone does not deliver it: Linux's flip-buffer worker
 *     ran while there was no line discipline and gave up, and only the next
 *     input schedules it again. So the waiting bytes reach the new line
 *     discipline with the next {@link #type}, ahead of what it types.
 * </ul>
 *
 * <p>Closing the master ({@code pty_close} of the master) removes the
 * slave's node, makes further slave opens fail with EIO, and hangs the slave
 * up synchronously. When the master is closed and no slave file is left
 * the pair is gone and its number free for the next {@code /dev/ptmx} open.
 *
 * <p>The pair's lock guards the master's view (the line disciplines it
 * reads, the waiting input, the flags). It is taken inside the slave's tty
 * lock (driver calls) and never around a call into the slave's tty.
 */
public final class PtyPair {
    /** Linux's flip-buffer limit for a pty: input the slave has no line discipline for yet. */
    public static final int PENDING_CAPACITY = 8192;

    private final PtyDriver owner;
    private final int index;
    private final String slavePath;
    private final Revokable master;
    private final CountDownLatch masterKilled = new CountDownLatch(1);
    private final ReentrantLock lock = new ReentrantLock();

    // Under lock.
    private final Deque<NTty> ldiscs = new ArrayDeque<>();
    private final byte[] pending = new byte[PENDING_CAPACITY];
    private int pendingCount;
    private boolean locked = true;
    private boolean masterClosed;
    private boolean otherClosed;
    private boolean freed;

    private final Tty slave;

    PtyPair(PtyDriver owner, Kernel kernel, int index) {
        this.owner = owner;
        this.index = index;
        this.slavePath = "/dev/pts/" + index;
        this.master = Revokable.create("pty master " + index, InUse.Kind.BIASED, r -> masterKilled.countDown());
        this.slave = new Tty("pts/" + index, new SlaveSide(), kernel);
    }

    public int index() {
        return index;
    }

    /** {@code /dev/pts/N}. */
    public String slavePath() {
        return slavePath;
    }

    /** The slave tty. */
    public Tty slave() {
        return slave;
    }

    /** The master file's revokable (revoke(2) of {@code /dev/ptmx} revokes it). */
    Revokable masterRevokable() {
        return master;
    }

    WaitQueue masterQueue() {
        return master.waitQueue();
    }

    CountDownLatch masterKilled() {
        return masterKilled;
    }

    /** True once the master's file has been released. */
    public boolean isMasterClosed() {
        lock.lock();
        try {
            return masterClosed;
        } finally {
            lock.unlock();
        }
    }

    /** Files attached to the master's revokable: 1 while the master is open, 0 after. */
    public int masterAttachedCount() {
        return master.attachedCount();
    }

    /** Line disciplines the master still reads from (the live one and hung-up ones with output left). */
    public int retainedLdiscs() {
        lock.lock();
        try {
            return ldiscs.size();
        } finally {
            lock.unlock();
        }
    }

    /** Typed bytes waiting for the slave's next line discipline. */
    public int pendingInput() {
        lock.lock();
        try {
            return pendingCount;
        } finally {
            lock.unlock();
        }
    }

    // ---- the master's side -----------------------------------------------------------------

    /**
     * What the master reads now, at most {@code len} bytes: the slave's
     * output, oldest line discipline first. 0 if there is none.
     */
    int drain(byte[] b, int off, int len) {
        lock.lock();
        try {
            while (true) {
                NTty l = ldiscs.peekFirst();
                if (l == null) {
                    return 0;
                }
                int n = l.drainOutput(b, off, len);
                if (n > 0 || ldiscs.size() == 1) {
                    return n;
                }
                ldiscs.pollFirst(); // a hung-up generation with nothing left to read
            }
        } finally {
            lock.unlock();
        }
    }

    /** True if the master has something to read. */
    boolean readable() {
        lock.lock();
        try {
            for (NTty l : ldiscs) {
                if (l.outputReady()) {
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** FIONREAD on the master. */
    int readableCount() {
        lock.lock();
        try {
            int n = 0;
            for (NTty l : ldiscs) {
                n += l.outputQueued();
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Types up to {@code len} bytes without waiting: into the slave's live
     * line discipline, or, while it has none, into the waiting input.
     * Returns the bytes taken.
     */
    int type(byte[] b, int off, int len) {
        lock.lock();
        try {
            NTty live = liveLocked();
            if (live == null) {
                int n = Math.min(len, PENDING_CAPACITY - pendingCount);
                System.arraycopy(b, off, pending, pendingCount, n);
                pendingCount += n;
                return n;
            }
            if (pendingCount > 0 && feedLocked(live) > 0) {
                return 0; // older input first
            }
            return live.receive(b, off, len);
        } finally {
            lock.unlock();
        }
    }

    /** True if {@link #type} would take a byte now. */
    boolean typeable() {
        lock.lock();
        try {
            NTty live = liveLocked();
            if (live == null) {
                return pendingCount < PENDING_CAPACITY;
            }
            return live.receiveReady(); // waiting input, if any, goes first, and then there is room
        } finally {
            lock.unlock();
        }
    }

    /** TTY_OTHER_CLOSED: every slave file has been released since the slave was last opened. */
    boolean slaveClosed() {
        lock.lock();
        try {
            return otherClosed;
        } finally {
            lock.unlock();
        }
    }

    void setLocked(boolean on) {
        lock.lock();
        try {
            locked = on;
        } finally {
            lock.unlock();
        }
    }

    boolean isLocked() {
        lock.lock();
        try {
            return locked;
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code pty_close} of the master: the slave's node goes, slave opens fail
     * from now on, and the slave is hung up before this returns.
     */
    void masterReleased() {
        lock.lock();
        try {
            masterClosed = true;
        } finally {
            lock.unlock();
        }
        owner.unlinkNode(this);
        slave.kill();
        slave.vhangup();
        freeIfUnused();
    }

    /** The live line discipline if the pair's master is the newest one it knows. Under lock. */
    private NTty liveLocked() {
        NTty live = slave.liveLdisc();
        return live != null && live == ldiscs.peekLast() ? live : null;
    }

    /** Hands waiting input to {@code l}; returns what is still waiting. Under lock. */
    private int feedLocked(NTty l) {
        if (pendingCount == 0) {
            return 0;
        }
        int n = l.receive(pending, 0, pendingCount);
        System.arraycopy(pending, n, pending, 0, pendingCount - n);
        pendingCount -= n;
        return pendingCount;
    }

    private void freeIfUnused() {
        // The count first: the tty's lock is never taken inside the pair's. Once the master is
        // closed no open can raise the count again (the driver open refuses it).
        boolean unused = slave.openCount() == 0;
        boolean free;
        lock.lock();
        try {
            free = masterClosed && !freed && unused;
            if (free) {
                freed = true;
                ldiscs.clear();
                pendingCount = 0;
            }
        } finally {
            lock.unlock();
        }
        if (free) {
            owner.free(this);
        }
    }

    private void slaveGone() {
        lock.lock();
        try {
            otherClosed = true;
        } finally {
            lock.unlock();
        }
        master.waitQueue().wakeAll();
    }

    /** The pty slave's driver ({@code slave_pty_ops}). */
    private final class SlaveSide implements TtyDriver {
        @Override
        public int open(Tty tty, OpenFile file) {
            lock.lock();
            try {
                if (masterClosed || locked) {
                    return EIO.negative();
                }
                otherClosed = false;
                return 0;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close(Tty tty, OpenFile file) {
            if (tty.openCount() == 0) {
                slaveGone();
                freeIfUnused();
            }
        }

        @Override
        public void hangup(Tty tty) {
            if (tty.openCount() == 0) {
                slaveGone();
                freeIfUnused();
            }
        }

        /** {@code pty_set_termios}: a pty is always 8 bits, receiving, no parity. */
        @Override
        public void setTermios(Tty tty, Termios t) {
            t.cflag((t.cflag() & ~(Termios.CSIZE | Termios.PARENB)) | Termios.CS8 | Termios.CREAD);
        }

        @Override
        public void ldiscOpened(Tty tty, NTty ldisc) {
            lock.lock();
            try {
                ldiscs.addLast(ldisc); // waiting input stays until the next type(), see the class comment
                // Hung-up line disciplines with nothing left for the master can go now.
                while (ldiscs.size() > 1 && !ldiscs.peekFirst().outputReady()) {
                    ldiscs.pollFirst();
                }
            } finally {
                lock.unlock();
            }
            master.waitQueue().wakeAll();
        }

        @Override
        public void wakeup(Tty tty) {
            master.waitQueue().wakeAll();
        }
    }

    @Override
    public String toString() {
        return "pty " + index;
    }
}
