package dev.revoke.revokefs.passthrough;

import static dev.revoke.panama.Errno.EINVAL;

import dev.revoke.mechanism.Revokable;
import dev.revoke.mechanism.RevokeReport;
import dev.revoke.panama.Sys;
import dev.revoke.revokefs.sys.FsSys;
import dev.revoke.revokefs.sys.Stat;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.Caller;
import dev.revoke.vfs.FileOperations;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.InodeType;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One real file, directory or symlink under the source. A node is found by
 * name in its parent's cache and kept as long as the real file keeps its
 * type, so that every open of the name attaches to the same
 * {@link Revokable}; renames move the node, unlinks drop it from the cache
 * (open files keep their real descriptors, as on Linux).
 */
public final class PassthroughNode extends Inode {
    private final PassthroughFs fs;
    private volatile PassthroughNode parent;
    private volatile String name;
    private final Map<String, PassthroughNode> children = new ConcurrentHashMap<>();
    /** The current generation of open files; replaced by each revocation. Guarded by this. */
    private Revokable revokable;
    private volatile Stat last;

    PassthroughNode(PassthroughFs fs, PassthroughNode parent, String name, Stat st) {
        super(typeOf(st), st.mode & 07777, st.uid);
        this.fs = fs;
        this.parent = parent;
        this.name = name;
        this.last = st;
        this.revokable = type() == InodeType.REGULAR ? newGeneration() : null;
    }

    private Revokable newGeneration() {
        return Revokable.create("passthrough " + realPath());
    }

    static InodeType typeOf(Stat st) {
        if (st.isDirectory()) {
            return InodeType.DIRECTORY;
        }
        if (st.isSymlink()) {
            return InodeType.SYMLINK;
        }
        return st.isRegular() ? InodeType.REGULAR : null;
    }

    public PassthroughFs fs() {
        return fs;
    }

    /** The real path: the source directory, then the names down to this node. */
    public String realPath() {
        PassthroughNode p = parent;
        return p == null ? fs.source().toString() : p.realPath() + "/" + name;
    }

    /** Relative to the source ("" for its root). */
    public String relativePath() {
        PassthroughNode p = parent;
        if (p == null) {
            return "";
        }
        String up = p.relativePath();
        return up.isEmpty() ? name : up + "/" + name;
    }

    // ---- attributes

    /** A fresh lstat(2) of the real file, or null (with {@code err[0]}) if it is gone. */
    public Stat stat(int[] err) {
        Stat st = new Stat();
        int r = FsSys.lstat(realPath(), st);
        if (r < 0) {
            if (err != null) {
                err[0] = r;
            }
            return null;
        }
        refresh(st);
        return st;
    }

    /** The last stat taken, for when the real file is gone but the node is still open. */
    public Stat lastStat() {
        return last;
    }

    private void refresh(Stat st) {
        last = st;
        chmod(st.mode & 07777);
        chown(st.uid);
    }

    @Override
    public long size() {
        Stat st = stat(null);
        return st == null ? last.size : st.size;
    }

    @Override
    public int truncate() {
        return FsSys.truncate(realPath(), 0);
    }

    // ---- directories

    private String child(String n) {
        return realPath() + "/" + n;
    }

    @Override
    public Inode lookup(String n, Caller caller) {
        return lookupNode(n);
    }

    /** The child called {@code n} if it exists as a file type the passthrough shows; null otherwise. */
    public PassthroughNode lookupNode(String n) {
        if (type() != InodeType.DIRECTORY || n.isEmpty() || n.equals(".") || n.equals("..") || n.indexOf('/') >= 0) {
            return null;
        }
        Stat st = new Stat();
        if (FsSys.lstat(child(n), st) < 0) {
            children.remove(n);
            return null;
        }
        InodeType t = typeOf(st);
        if (t == null) {
            return null;
        }
        PassthroughNode made = children.compute(n, (k, old) -> {
            if (old != null && old.type() == t && old.last.ino == st.ino && old.last.dev == st.dev) {
                return old;
            }
            return new PassthroughNode(fs, this, n, st);
        });
        made.refresh(st);
        return made;
    }

    @Override
    public List<String> list(Caller caller) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of(realPath()))) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        names.sort(null);
        return names;
    }

    @Override
    public int create(String n, int mode, Caller caller) {
        return createAs(n, mode, -1, -1);
    }

    /**
     * Creates a regular file that did not exist (O_EXCL: {@code -EEXIST}
     * otherwise), with exactly {@code mode} (the caller's umask is already
     * in it; the daemon's own is undone) and, unless -1, owned by
     * {@code uid}/{@code gid}. Only a file made here is ever chowned.
     */
    public int createAs(String n, int mode, int uid, int gid) {
        if (type() != InodeType.DIRECTORY) {
            return EINVAL.negative();
        }
        String path = child(n);
        int fd = Sys.open(path, Abi.O_CREAT | Abi.O_EXCL | Abi.O_WRONLY | Abi.O_CLOEXEC, mode & 07777);
        if (fd < 0) {
            return fd;
        }
        Sys.close(fd);
        return settle(path, mode, uid, gid);
    }

    /** mkdir(2) with exactly {@code mode}, owned by {@code uid}/{@code gid} unless -1. */
    public int mkdirAs(String n, int mode, int uid, int gid) {
        String path = child(n);
        int r = FsSys.mkdir(path, mode & 07777);
        return r < 0 ? r : settle(path, mode, uid, gid);
    }

    /** symlink(2), owned by {@code uid}/{@code gid} unless -1. */
    public int symlinkAs(String n, String target, int uid, int gid) {
        String path = child(n);
        int r = FsSys.symlink(target, path);
        return r < 0 || (uid < 0 && gid < 0) ? r : FsSys.lchown(path, uid, gid);
    }

    private static int settle(String path, int mode, int uid, int gid) {
        int r = FsSys.chmod(path, mode & 07777);
        if (r == 0 && (uid >= 0 || gid >= 0)) {
            r = FsSys.lchown(path, uid, gid);
        }
        if (r < 0) {
            FsSys.unlink(path);
            FsSys.rmdir(path);
        }
        return r;
    }

    /** unlink(2) of a child; open files of it keep working, a new file of that name gets a new node. */
    public int unlink(String n) {
        int r = FsSys.unlink(child(n));
        if (r == 0) {
            children.remove(n);
        }
        return r;
    }

    public int rmdir(String n) {
        int r = FsSys.rmdir(child(n));
        if (r == 0) {
            children.remove(n);
        }
        return r;
    }

    /**
     * renameat2(2) of child {@code from} to {@code to} in {@code dir}; on
     * success the node (and so its open files and revokable) moves with the
     * name. A node the rename replaced leaves the cache.
     */
    public int rename(String from, PassthroughNode dir, String to, int flags) {
        if (dir.fs != fs) {
            return dev.revoke.panama.Errno.EXDEV.negative();
        }
        synchronized (fs) {
            int r = FsSys.rename(child(from), dir.child(to), flags);
            if (r < 0) {
                return r;
            }
            PassthroughNode moved = children.remove(from);
            if ((flags & FsSys.RENAME_EXCHANGE) != 0) {
                PassthroughNode other = dir.children.remove(to);
                if (other != null) {
                    other.parent = this;
                    other.name = from;
                    children.put(from, other);
                }
            } else {
                dir.children.remove(to);
            }
            if (moved != null) {
                moved.parent = dir;
                moved.name = to;
                dir.children.put(to, moved);
            }
            return 0;
        }
    }

    @Override
    public String readlink(Caller caller) {
        if (type() != InodeType.SYMLINK) {
            return null;
        }
        return FsSys.readlink(realPath(), new int[1]);
    }

    // ---- attributes set from outside

    public int setMode(int mode) {
        return FsSys.chmod(realPath(), mode & 07777);
    }

    public int setOwner(int uid, int gid) {
        return FsSys.lchown(realPath(), uid, gid);
    }

    public int setSize(long size) {
        if (type() != InodeType.REGULAR) {
            return type() == InodeType.DIRECTORY ? dev.revoke.panama.Errno.EISDIR.negative() : EINVAL.negative();
        }
        return FsSys.truncate(realPath(), size);
    }

    /** utimensat(2); a nanosecond field may be {@link FsSys#UTIME_NOW} or {@link FsSys#UTIME_OMIT}. */
    public int setTimes(long aSec, long aNsec, long mSec, long mNsec) {
        return FsSys.utimens(realPath(), aSec, aNsec, mSec, mNsec);
    }

    // ---- files and revocation

    @Override
    public FileOperations fileOperations() {
        return type() == InodeType.REGULAR ? PassthroughOps.INSTANCE : null;
    }

    /** The generation new opens attach to. */
    synchronized Revokable currentGeneration() {
        return revokable;
    }

    /** The resource behind this node's open files; null for directories and symlinks. */
    public synchronized Revokable revokable() {
        return revokable;
    }

    /** Files open on this node and not yet released. */
    public int openFiles() {
        Revokable r = revokable();
        return r == null ? 0 : r.attachedCount();
    }

    /**
     * revoke(2): every file open on this node so far is revoked (sleepers
     * woken, calls in flight waited for, each released exactly once, the
     * real descriptors fsynced and closed); opens after this get a fresh
     * generation. Returns when all of it is done.
     *
     * @throws IllegalStateException for directories and symlinks
     */
    public RevokeReport revoke() {
        Revokable old;
        synchronized (this) {
            if (revokable == null) {
                throw new IllegalStateException(realPath() + " is not a regular file");
            }
            old = revokable;
            revokable = newGeneration();
        }
        return old.revokeIt();
    }

    @Override
    public String toString() {
        return "passthrough:" + realPath();
    }
}
