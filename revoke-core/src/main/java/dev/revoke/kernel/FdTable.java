package dev.revoke.kernel;

import static dev.revoke.panama.Errno.EBADF;
import static dev.revoke.panama.Errno.EMFILE;

import dev.revoke.vfs.OpenFile;

import java.util.ArrayList;
import java.util.List;

/**
 * A process's descriptor table: slots pointing at shared {@link OpenFile}s,
 * each with its close-on-exec bit. The lowest free slot is always taken, as
 * POSIX requires. Each slot holds one reference to its file.
 */
final class FdTable {
    static final int DEFAULT_LIMIT = 1024;

    private final int limit;
    private OpenFile[] files;
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
                files[fd] = f;
                cloexec[fd] = closeOnExec;
                return fd;
            }
        }
        return EMFILE.negative();
    }

    /** {@code fget}: the file at {@code fd} with a reference for the caller, or null. */
    synchronized OpenFile get(int fd) {
        if (fd < 0 || fd >= files.length || files[fd] == null) {
            return null;
        }
        return files[fd].get();
    }

    /** Removes {@code fd}; the caller drops the returned reference. Null if it was not open. */
    synchronized OpenFile remove(int fd) {
        if (fd < 0 || fd >= files.length || files[fd] == null) {
            return null;
        }
        OpenFile f = files[fd];
        files[fd] = null;
        cloexec[fd] = false;
        return f;
    }

    /** {@code dup2}: points {@code newFd} at {@code f} (caller's reference); returns what it displaced. */
    synchronized OpenFile replace(int newFd, OpenFile f) {
        grow(newFd);
        OpenFile old = files[newFd];
        files[newFd] = f;
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
                files[fd] = null;
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
            files = java.util.Arrays.copyOf(files, n);
            cloexec = java.util.Arrays.copyOf(cloexec, n);
        }
    }
}
