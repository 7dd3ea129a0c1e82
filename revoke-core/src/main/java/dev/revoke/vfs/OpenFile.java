package dev.revoke.vfs;

import static dev.revoke.panama.Errno.ENOENT;

import dev.revoke.mechanism.Releasable;
import dev.revoke.mechanism.ResourceGoneException;
import dev.revoke.mechanism.Revokable;
import dev.revoke.mechanism.Revoke;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * An open file in the Linux sense, {@code struct file}: what descriptors,
 * {@code dup}s and forked children share. It carries the position, the
 * status flags, the filesystem's per-file data and, for revocable files,
 * the {@link Revoke} ({@code f_revoke}) that the gate consults.
 *
 * <p>References: one per descriptor and one per system call in progress
 * ({@code fget}/{@code fput}), so the last close never releases a file
 * while a method of it is still running; only a revocation does that, and
 * it waits for those methods first.
 */
public final class OpenFile implements Releasable {
    private final Inode inode;
    private final String path;
    private final FileOperations ops;
    private final Caller opener;
    private final AtomicInteger refs = new AtomicInteger(1);
    private volatile int flags;
    private volatile Revoke revoke;
    private long position;
    private volatile Object privateData;

    public OpenFile(Inode inode, String path, int flags, FileOperations ops, Caller opener) {
        this.inode = inode;
        this.path = path;
        this.flags = flags;
        this.ops = ops;
        this.opener = opener;
    }

    public Inode inode() {
        return inode;
    }

    /** The path it was opened by, as {@code /proc/PID/fd} shows it. */
    public String path() {
        return path;
    }

    FileOperations ops() {
        return ops;
    }

    /** Who opened it (the credentials of {@code f_cred}). */
    public Caller opener() {
        return opener;
    }

    public int flags() {
        return flags;
    }

    public boolean isNonBlocking() {
        return (flags & Abi.O_NONBLOCK) != 0;
    }

    /** The flags {@code F_SETFL} may change. */
    public static final int SETTABLE_FLAGS = Abi.O_APPEND | Abi.O_NONBLOCK | Abi.O_ASYNC;

    /** {@code F_SETFL}: replaces the settable status flags, keeps the access mode and the rest. */
    public void setStatusFlags(int requested) {
        flags = (flags & ~SETTABLE_FLAGS) | (requested & SETTABLE_FLAGS);
    }

    public void setNonBlocking(boolean on) {
        flags = on ? flags | Abi.O_NONBLOCK : flags & ~Abi.O_NONBLOCK;
    }

    public boolean canRead() {
        int acc = flags & Abi.O_ACCMODE;
        return acc == Abi.O_RDONLY || acc == Abi.O_RDWR;
    }

    public boolean canWrite() {
        int acc = flags & Abi.O_ACCMODE;
        return acc == Abi.O_WRONLY || acc == Abi.O_RDWR;
    }

    public synchronized long position() {
        return position;
    }

    public synchronized void setPosition(long position) {
        this.position = position;
    }

    /** Adds {@code n} to the position and returns the old one, atomically. */
    public synchronized long advance(long n) {
        long old = position;
        position += n;
        return old;
    }

    public Object privateData() {
        return privateData;
    }

    public void setPrivateData(Object data) {
        this.privateData = data;
    }

    /** {@code f_revoke}; null for a file that cannot be revoked. */
    public Revoke revoke() {
        return revoke;
    }

    /**
     * {@code make_revokable}, the last step of a revocable file's open.
     *
     * @return 0, or {@code -ENOENT} if the resource is already going away
     */
    public int makeRevokable(Revokable resource) {
        try {
            revoke = Revoke.makeRevokable(this, resource);
            return 0;
        } catch (ResourceGoneException e) {
            return ENOENT.negative();
        }
    }

    /** {@code get_file}: another descriptor or call now holds the file. */
    public OpenFile get() {
        refs.incrementAndGet();
        return this;
    }

    /**
     * {@code get_file_rcu}: a reference, unless the count has already
     * reached zero (the file is released or being released, and must not
     * come back). For finding a file without holding the lock of whatever
     * points at it.
     *
     * @return true if the caller now holds a reference
     */
    public boolean tryGet() {
        int n = refs.get();
        while (n > 0) {
            int seen = refs.compareAndExchange(n, n + 1);
            if (seen == n) {
                return true;
            }
            n = seen;
        }
        return false;
    }

    /** {@code fput}: the last reference releases the file. */
    public void put() {
        if (refs.decrementAndGet() == 0) {
            Revoke r = revoke;
            if (r != null) {
                r.releaseRevoke();
            } else {
                release();
            }
        }
    }

    /** Called exactly once, by the last {@link #put()} or by a revocation. */
    @Override
    public void release() {
        Gate.release(this);
    }

    /** True once a revocation has released this file. */
    public boolean isRevoked() {
        Revoke r = revoke;
        return r != null && r.isReleased() && r.wasRevoked();
    }

    @Override
    public String toString() {
        return path;
    }
}
