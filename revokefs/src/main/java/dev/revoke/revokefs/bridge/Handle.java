package dev.revoke.revokefs.bridge;

import dev.revoke.kernel.Process;
import dev.revoke.revokefs.protocol.Dirents;
import dev.revoke.vfs.OpenFile;

import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A FUSE file handle: an emulated descriptor of one of the daemon's
 * emulated processes, opened on the node's emulated path. Reads and writes
 * of the handle are that process's reads and writes, so they go through
 * the gate and answer as the revoked file answers once it is revoked.
 */
final class Handle {
    final long fh;
    final Node node;
    final Process process;
    final int fd;
    final OpenFile file;
    final boolean directory;
    /** Serialises the position dance of READ and WRITE (lseek when the kernel's offset is not ours). */
    final ReentrantLock io = new ReentrantLock();
    /** Where the emulated file's position is after our last read or write. Guarded by {@link #io}. */
    long position;
    /** A directory's listing, taken when READDIR starts at 0. Guarded by this. */
    List<Dirents.Entry> listing;
    /** The kernel poller armed on this handle, if any. Guarded by this. */
    PollRegistration poll;

    Handle(long fh, Node node, Process process, int fd, OpenFile file, boolean directory) {
        this.fh = fh;
        this.node = node;
        this.process = process;
        this.fd = fd;
        this.file = file;
        this.directory = directory;
    }

    @Override
    public String toString() {
        return "fh " + fh + " -> " + process + " fd " + fd + " (" + file + ")";
    }
}
