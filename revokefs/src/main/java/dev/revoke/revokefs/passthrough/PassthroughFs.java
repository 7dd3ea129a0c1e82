package dev.revoke.revokefs.passthrough;

import dev.revoke.revokefs.sys.FsSys;
import dev.revoke.revokefs.sys.Stat;
import dev.revoke.vfs.FileSystem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An emulated filesystem whose inodes are real files under a source
 * directory. Every regular file opened through it opens the real file, and
 * is revocable: each inode has a {@link dev.revoke.mechanism.Revokable},
 * and {@link PassthroughNode#revoke()} revokes every file open on it
 * (reads and writes then fail with EIO, as FreeBSD's deadfs) while new opens
 * get a fresh one, as a revoked vnode is replaced by a new one.
 *
 * <p>Nothing acknowledged is lost: writes go to the real file with
 * pwrite(2) before they return, and a file's release fsyncs and closes the
 * real descriptor, whether the release comes from the last close or from a
 * revocation. Only regular files, directories and symlinks are shown;
 * FIFOs, sockets and device nodes in the source are hidden (a real FIFO
 * read would sleep where no kick can reach).
 */
public final class PassthroughFs implements FileSystem {
    private final Path source;
    private final PassthroughNode root;
    final AtomicLong realOpened = new AtomicLong();
    final AtomicLong realClosed = new AtomicLong();
    final AtomicLong releases = new AtomicLong();

    /**
     * @throws IllegalArgumentException if {@code source} is not a directory
     */
    public PassthroughFs(Path source) {
        this.source = source.toAbsolutePath().normalize();
        if (!Files.isDirectory(this.source)) {
            throw new IllegalArgumentException(source + " is not a directory");
        }
        Stat st = new Stat();
        int r = FsSys.lstat(this.source.toString(), st);
        if (r < 0 || !st.isDirectory()) {
            throw new IllegalArgumentException(source + " is not a directory");
        }
        this.root = new PassthroughNode(this, null, "", st);
    }

    @Override
    public String type() {
        return "passthrough";
    }

    @Override
    public PassthroughNode root() {
        return root;
    }

    /** The real directory served. */
    public Path source() {
        return source;
    }

    /** Real descriptors opened for emulated files, ever. */
    public long realFdsOpened() {
        return realOpened.get();
    }

    /** Real descriptors closed (each by the release of its file). */
    public long realFdsClosed() {
        return realClosed.get();
    }

    /** Releases of passthrough files, by last close or by revocation: one per open, never more. */
    public long releases() {
        return releases.get();
    }

    @Override
    public String toString() {
        return "passthrough:" + source;
    }
}
