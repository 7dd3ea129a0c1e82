package dev.revoke.kernel;

import static dev.revoke.panama.Errno.EBADF;
import static dev.revoke.panama.Errno.EMFILE;

import dev.revoke.vfs.OpenFile;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A process's descriptor table: slots pointing at shared {@link OpenFile}s,
 * each with its close-on-exec bit. The lowest free slot is always taken, as
 * POSIX requires. Each slot holds one reference to its file.
 *
 * <p>Every change happens under this object's lock. {@link #get}, which
 * every system call on a descriptor makes, takes no lock, as Linux's
 * {@code fget} takes none ({@code __fget_files_rcu}): it reads the slot,
 * takes a reference only if the file's count has not reached zero
 * ({@link OpenFile#tryGet}), and checks the slot still holds that file,
 * retrying if not. A count that reached zero never rises again, so a
 * released file is never handed out; and the file returned was at the
 * descriptor while the caller held a reference to it, as with the lock.
 * For this the array is published through a volatile field (a bigger one
 * replaces it when the table grows) and slots are written with release
 * stores and read with acquire loads.
 */
final class FdTable {
    static final int DEFAULT_LIMIT = 1024;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(OpenFile[].class);

    private final int limit;
    /** Replaced, never shrunk, under the lock; slots written under the lock with {@link #set}. */
    private volatile OpenFile[] files;
    private boolean[] cloexec;

    FdTable(int limit) {
        this.limit = limit;
        this.files = new OpenFile[Math.min(limit, 64)];
        this.cloexec = new boolean[files.length];
    }

    /** A copy for fork: the same open files, each with one more reference. */
    synchronized FdTable copy() {
        FdTable t = new FdTable(limit);
        t.files = files.clone();
        t.cloexec = cloexec.clone();
        for (OpenFile f : t.files) {
            if (f != null) {
                f.get();
            }
        }
        return t;
    }

    /** Installs {@code f} (taking over the caller's reference) at the lowest free slot at or above {@code from}. */
    synchronized int install(OpenFile f, boolean closeOnExec, int from) {
        for (int fd = from; fd < limit; fd++) {
            grow(fd);
            if (files[fd] == null) {
                set(fd, f);
                cloexec[fd] = closeOnExec;
                return fd;
            }
        }
        return EMFILE.negative();
    }

    /** {@code fget}: the file at {@code fd} with a reference for the caller, or null. Lock-free. */
    OpenFile get(int fd) {
        while (true) {
            OpenFile f = slot(fd);
            if (f == null) {
                return null;
            }
            if (f.tryGet()) {
                if (slot(fd) == f) {
                    return f;
                }
                f.put();
            }
            // Closed, replaced or released meanwhile: look again.
        }
    }

    /** The slot's file with acquire semantics, or null; no lock. */
    private OpenFile slot(int fd) {
        OpenFile[] t = files;
        return fd >= 0 && fd < t.length ? (OpenFile) SLOT.getAcquire(t, fd) : null;
    }

    /** Under the lock: a release store, so a lock-free {@link #get} that sees {@code f} sees it whole. */
    private void set(int fd, OpenFile f) {
        SLOT.setRelease(files, fd, f);
    }

    /** Removes {@code fd}; the caller drops the returned reference. Null if it was not open. */
    synchronized OpenFile remove(int fd) {
        if (fd < 0 || fd >= files.length || files[fd] == null) {
            return null;
        }
        OpenFile f = files[fd];
        set(fd, null);
        cloexec[fd] = false;
        return f;
    }

    /** {@code dup2}: points {@code newFd} at {@code f} (caller's reference); returns what it displaced. */
    synchronized OpenFile replace(int newFd, OpenFile f) {
        grow(newFd);
        OpenFile old = files[newFd];
        set(newFd, f);
        cloexec[newFd] = false;
        return old;
    }

    synchronized int setCloseOnExec(int fd, boolean on) {
        if (fd < 0 || fd >= files.length || files[fd] == null) {
            return EBADF.negative();
        }
        cloexec[fd] = on;
        return 0;
    }

    synchronized boolean isCloseOnExec(int fd) {
        return fd >= 0 && fd < files.length && cloexec[fd];
    }

    /** Empties the table; the caller drops the returned references. */
    synchronized List<OpenFile> clear() {
        List<OpenFile> all = new ArrayList<>();
        for (int fd = 0; fd < files.length; fd++) {
            if (files[fd] != null) {
                all.add(files[fd]);
                set(fd, null);
            }
        }
        return all;
    }

    /** Open descriptors in order, for /proc/PID/fd. */
    synchronized List<Integer> openFds() {
        List<Integer> fds = new ArrayList<>();
        for (int fd = 0; fd < files.length; fd++) {
            if (files[fd] != null) {
                fds.add(fd);
            }
        }
        return fds;
    }

    synchronized OpenFile peek(int fd) {
        return fd >= 0 && fd < files.length ? files[fd] : null;
    }

    int limit() {
        return limit;
    }

    private void grow(int fd) {
        if (fd >= files.length) {
            int n = Math.min(limit, Math.max(fd + 1, files.length * 2));
            files = Arrays.copyOf(files, n);
            cloexec = Arrays.copyOf(cloexec, n);
        }
    }
}
