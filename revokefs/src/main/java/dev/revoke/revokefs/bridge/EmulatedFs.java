package dev.revoke.revokefs.bridge;

import static dev.revoke.panama.Errno.EBADF;
import static dev.revoke.panama.Errno.EEXIST;
import static dev.revoke.panama.Errno.EINTR;
import static dev.revoke.panama.Errno.EINVAL;
import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.ENODATA;
import static dev.revoke.panama.Errno.ENOENT;
import static dev.revoke.panama.Errno.ENOSYS;
import static dev.revoke.panama.Errno.ENOTDIR;
import static dev.revoke.panama.Errno.ENOTTY;
import static dev.revoke.panama.Errno.EOPNOTSUPP;
import static dev.revoke.panama.Errno.EPERM;
import static dev.revoke.panama.Errno.ERANGE;
import static dev.revoke.panama.Errno.EXDEV;

import dev.revoke.kernel.Kernel;
import dev.revoke.kernel.Process;
import dev.revoke.mechanism.Revokable;
import dev.revoke.mechanism.RevokeReport;
import dev.revoke.mechanism.SelfRevokeException;
import dev.revoke.procfs.ProcEntry;
import dev.revoke.revokefs.fuse.Fuse;
import dev.revoke.revokefs.fuse.fuse_create_in;
import dev.revoke.revokefs.fuse.fuse_flush_in;
import dev.revoke.revokefs.fuse.fuse_fsync_in;
import dev.revoke.revokefs.fuse.fuse_getxattr_in;
import dev.revoke.revokefs.fuse.fuse_mkdir_in;
import dev.revoke.revokefs.fuse.fuse_open_in;
import dev.revoke.revokefs.fuse.fuse_poll_in;
import dev.revoke.revokefs.fuse.fuse_read_in;
import dev.revoke.revokefs.fuse.fuse_release_in;
import dev.revoke.revokefs.fuse.fuse_rename2_in;
import dev.revoke.revokefs.fuse.fuse_rename_in;
import dev.revoke.revokefs.fuse.fuse_setattr_in;
import dev.revoke.revokefs.fuse.fuse_setxattr_in;
import dev.revoke.revokefs.fuse.fuse_write_in;
import dev.revoke.revokefs.fuse.statvfs;
import dev.revoke.revokefs.passthrough.PassthroughFs;
import dev.revoke.revokefs.passthrough.PassthroughNode;
import dev.revoke.revokefs.passthrough.PassthroughOps;
import dev.revoke.revokefs.protocol.Attr;
import dev.revoke.revokefs.protocol.Dirents;
import dev.revoke.revokefs.protocol.Opcodes;
import dev.revoke.revokefs.protocol.Replies;
import dev.revoke.revokefs.protocol.Reply;
import dev.revoke.revokefs.protocol.Request;
import dev.revoke.revokefs.server.Channel;
import dev.revoke.revokefs.server.RequestHandler;
import dev.revoke.revokefs.server.Session;
import dev.revoke.revokefs.sys.FsSys;
import dev.revoke.revokefs.sys.Stat;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.FileSystem;
import dev.revoke.vfs.Gate;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.InodeType;
import dev.revoke.vfs.OpenFile;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The FUSE filesystem that is the emulated kernel's namespace: node 1 is
 * the emulated root, {@code /proc} is procfs-sim, {@code /src} (when there
 * is a source) the passthrough, {@code /dev} the emulated devices (served
 * as plain files, read and written through their drivers).
 *
 * <p>Every FUSE file handle is a descriptor of an emulated daemon process,
 * opened on the node's emulated path; READ, WRITE, FLUSH and RELEASE are
 * that process's read, write, ioctl and close. Handles are opened with
 * FOPEN_DIRECT_IO, so every read and write reaches us (no page cache), and
 * nothing is cached in the kernel (entry and attribute timeouts are 0):
 * a removed procfs entry disappears at the next lookup.
 *
 * <p>The revoke route is the extended attribute {@value #REVOKE_XATTR}:
 * setxattr(2) of it on a file of the mount revokes the file's emulated
 * resource, and returns when every open file of it has been released.
 */
public final class EmulatedFs implements RequestHandler {
    /** setxattr(PATH, "user.revoke", "", 0, 0) revokes PATH. */
    public static final String REVOKE_XATTR = "user.revoke";
    /** getxattr of it on any file of the mount: "revokefs" (a marker a client can test for). */
    public static final String MARKER_XATTR = "user.revokefs";
    /** getxattr of it: the number of FUSE handles open on the file, as decimal text. */
    public static final String HANDLES_XATTR = "user.revokefs.handles";

    private static final int KEPT_OPEN_FLAGS = Abi.O_ACCMODE | Abi.O_APPEND | Abi.O_NONBLOCK | Abi.O_TRUNC;

    private final Kernel kernel;
    private final Daemons daemons;
    private final NodeTable nodes;
    private final PassthroughFs passthrough;
    private final Map<Long, Handle> handles = new ConcurrentHashMap<>();
    private final AtomicLong nextFh = new AtomicLong(1);
    private final AtomicLong revocations = new AtomicLong();
    private final long bootSeconds = System.currentTimeMillis() / 1000;
    private volatile Channel channel;

    /**
     * @param passthrough the filesystem mounted at {@code /src} of {@code kernel}, or null; used for STATFS
     */
    public EmulatedFs(Kernel kernel, PassthroughFs passthrough) {
        this.kernel = kernel;
        this.passthrough = passthrough;
        this.daemons = new Daemons(kernel);
        this.nodes = new NodeTable(kernel.rootDirectory());
    }

    public Kernel kernel() {
        return kernel;
    }

    /** The daemon process whose descriptors the FUSE handles are (the first of them). */
    public Process daemon() {
        return daemons.main();
    }

    /** FUSE file handles open now (files and directories). */
    public int openHandles() {
        return handles.size();
    }

    /** FUSE handles open on the file at {@code path} (emulated, e.g. {@code /proc/kmsg}). */
    public int openHandles(String path) {
        Inode i = resolve(path);
        if (i == null) {
            return 0;
        }
        return (int) handles.values().stream().filter(h -> h.node.inode == i).count();
    }

    /** Node ids the kernel holds, the root included. */
    public int nodeCount() {
        return nodes.size();
    }

    /** Revocations done through this filesystem. */
    public long revocations() {
        return revocations.get();
    }

    @Override
    public void initialized(Session.Agreement agreement, Channel channel) {
        this.channel = channel;
    }

    // ---- dispatch

    @Override
    public Reply handle(Request req) {
        return switch (req.opcode()) {
            case Opcodes.LOOKUP -> lookup(req);
            case Opcodes.GETATTR -> getattr(req);
            case Opcodes.SETATTR -> setattr(req);
            case Opcodes.READLINK -> readlink(req);
            case Opcodes.OPEN -> open(req, false);
            case Opcodes.OPENDIR -> open(req, true);
            case Opcodes.READ -> read(req);
            case Opcodes.WRITE -> write(req);
            case Opcodes.FLUSH -> flush(req);
            case Opcodes.FSYNC -> fsync(req);
            case Opcodes.RELEASE, Opcodes.RELEASEDIR -> release(req);
            case Opcodes.READDIR -> readdir(req);
            case Opcodes.FSYNCDIR -> Reply.OK;
            case Opcodes.STATFS -> statfs();
            case Opcodes.CREATE -> create(req);
            case Opcodes.MKDIR -> mkdir(req);
            case Opcodes.SYMLINK -> symlink(req);
            case Opcodes.UNLINK -> remove(req, false);
            case Opcodes.RMDIR -> remove(req, true);
            case Opcodes.RENAME -> rename(req, false);
            case Opcodes.RENAME2 -> rename(req, true);
            case Opcodes.SETXATTR -> setxattr(req);
            case Opcodes.GETXATTR -> getxattr(req);
            case Opcodes.LISTXATTR -> listxattr(req);
            case Opcodes.REMOVEXATTR -> Reply.error(EOPNOTSUPP.negative());
            case Opcodes.POLL -> poll(req);
            case Opcodes.LINK, Opcodes.MKNOD -> Reply.error(EPERM.negative());
            default -> Reply.error(ENOSYS.negative());
        };
    }

    @Override
    public void forget(long nodeId, long lookups) {
        nodes.forget(nodeId, lookups);
    }

    /** The connection is gone: every handle's descriptor is closed, every daemon exits. */
    @Override
    public void ended() {
        for (Handle h : List.copyOf(handles.values())) {
            if (handles.remove(h.fh) != null) {
                cancelPoll(h);
                h.process.close(h.fd);
            }
        }
        daemons.exitAll();
        nodes.clear();
    }

    // ---- names

    private Node node(Request req) {
        return nodes.get(req.nodeId());
    }

    private static Reply stale() {
        return Reply.error(ENOENT.negative());
    }

    /** The child {@code name} of a directory node, crossing mount points; null if there is none. */
    private Inode child(Node parent, String name) {
        if (parent.inode.type() != InodeType.DIRECTORY) {
            return null;
        }
        Inode c = parent.inode.lookup(name, daemon());
        if (c == null) {
            return null;
        }
        String path = nodes.path(parent);
        return mountedOn((path.equals("/") ? "" : path) + "/" + name, c);
    }

    private Inode mountedOn(String path, Inode covered) {
        for (Map.Entry<String, FileSystem> m : kernel.mounts()) {
            if (m.getKey().equals(path) && !path.equals("/")) {
                return m.getValue().root();
            }
        }
        return covered;
    }

    /** The inode at an emulated absolute path, walking as the kernel's lookups do; null if none. */
    public Inode resolve(String path) {
        Inode at = nodes.root().inode;
        StringBuilder walked = new StringBuilder();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (at.type() != InodeType.DIRECTORY) {
                return null;
            }
            Inode next = at.lookup(c, daemon());
            if (next == null) {
                return null;
            }
            walked.append('/').append(c);
            at = mountedOn(walked.toString(), next);
        }
        return at;
    }

    private Reply lookup(Request req) {
        Node parent = node(req);
        if (parent == null) {
            return stale();
        }
        if (parent.inode.type() != InodeType.DIRECTORY) {
            return Reply.error(ENOTDIR.negative());
        }
        String name = req.string(0);
        Inode c = child(parent, name);
        if (c == null) {
            return Reply.error(ENOENT.negative());
        }
        return entry(parent, name, c);
    }

    /** Registers one more lookup of {@code inode} and answers with its entry. */
    private Reply entry(Node parent, String name, Inode inode) {
        int[] err = new int[1];
        Attr a = attr(inode, err);
        if (a == null) {
            return Reply.error(err[0]);
        }
        Node n = nodes.lookedUp(parent, name, inode);
        return Replies.entry(n.id, 0, 0, 0, a);
    }

    // ---- attributes

    private static int format(InodeType t) {
        return switch (t) {
            case DIRECTORY -> Abi.S_IFDIR;
            case SYMLINK -> Abi.S_IFLNK;
            // Emulated devices are served as files: the real kernel must not
            // take them for device nodes of its own.
            case REGULAR, CHAR_DEVICE -> Abi.S_IFREG;
        };
    }

    private Attr attr(Inode i, int[] err) {
        if (i instanceof PassthroughNode p) {
            Stat st = p.stat(err);
            if (st == null) {
                // gone from the source; a handle may still be open on it
                if (p.lastStat() == null) {
                    return null;
                }
                st = p.lastStat();
            }
            return new Attr(i.ino(), st.size, st.blocks, st.atimeSec, (int) st.atimeNsec,
                    st.mtimeSec, (int) st.mtimeNsec, st.ctimeSec, (int) st.ctimeNsec,
                    format(i.type()) | (st.mode & 07777), (int) st.nlink, st.uid, st.gid, 0, 4096);
        }
        long size = i.size();
        if (i.type() == InodeType.SYMLINK) {
            String target = i.readlink(daemon());
            size = target == null ? 0 : target.getBytes(StandardCharsets.UTF_8).length;
        }
        int nlink = i.type() == InodeType.DIRECTORY ? 2 : 1;
        return new Attr(i.ino(), size, (size + 511) / 512, bootSeconds, 0, bootSeconds, 0, bootSeconds, 0,
                format(i.type()) | i.mode(), nlink, i.uid(), 0, 0, 4096);
    }

    private Reply getattr(Request req) {
        Node n = node(req);
        if (n == null) {
            return stale();
        }
        int[] err = new int[1];
        Attr a = attr(n.inode, err);
        return a == null ? Reply.error(err[0]) : Replies.attr(0, a);
    }

    private Reply setattr(Request req) {
        Node n = node(req);
        if (n == null) {
            return stale();
        }
        MemorySegment in = req.arg(fuse_setattr_in.sizeof());
        int valid = fuse_setattr_in.valid(in);
        int r = 0;
        if (n.inode instanceof PassthroughNode p) {
            if ((valid & Fuse.FATTR_MODE()) != 0) {
                r = p.setMode(fuse_setattr_in.mode(in));
            }
            if (r == 0 && (valid & (Fuse.FATTR_UID() | Fuse.FATTR_GID())) != 0) {
                r = p.setOwner((valid & Fuse.FATTR_UID()) != 0 ? fuse_setattr_in.uid(in) : -1,
                        (valid & Fuse.FATTR_GID()) != 0 ? fuse_setattr_in.gid(in) : -1);
            }
            if (r == 0 && (valid & Fuse.FATTR_SIZE()) != 0) {
                long size = fuse_setattr_in.size(in);
                Handle h = (valid & Fuse.FATTR_FH()) != 0 ? handles.get(fuse_setattr_in.fh(in)) : null;
                if (h != null) {
                    // ftruncate(2): through the gate, so a revoked file says EIO
                    long t = h.process.ioctl(h.fd, PassthroughOps.IOC_FTRUNCATE, new long[] {size});
                    r = t == ENOTTY.negative() ? EIO.negative() : (int) t;
                } else {
                    r = p.setSize(size);
                }
            }
            if (r == 0 && (valid & (Fuse.FATTR_ATIME() | Fuse.FATTR_MTIME())) != 0) {
                long aSec = fuse_setattr_in.atime(in);
                long aNs = (valid & Fuse.FATTR_ATIME_NOW()) != 0 ? FsSys.UTIME_NOW
                        : (valid & Fuse.FATTR_ATIME()) != 0 ? fuse_setattr_in.atimensec(in) : FsSys.UTIME_OMIT;
                long mSec = fuse_setattr_in.mtime(in);
                long mNs = (valid & Fuse.FATTR_MTIME_NOW()) != 0 ? FsSys.UTIME_NOW
                        : (valid & Fuse.FATTR_MTIME()) != 0 ? fuse_setattr_in.mtimensec(in) : FsSys.UTIME_OMIT;
                r = p.setTimes(aSec, aNs, mSec, mNs);
            }
        } else {
            if ((valid & Fuse.FATTR_SIZE()) != 0) {
                r = fuse_setattr_in.size(in) == 0 ? n.inode.truncate() : EINVAL.negative();
            }
            if (r == 0 && (valid & Fuse.FATTR_MODE()) != 0) {
                n.inode.chmod(fuse_setattr_in.mode(in));
            }
            if (r == 0 && (valid & Fuse.FATTR_UID()) != 0) {
                n.inode.chown(fuse_setattr_in.uid(in));
            }
            // times and gid: emulated inodes have none to keep
        }
        if (r < 0) {
            return Reply.error(r);
        }
        int[] err = new int[1];
        Attr a = attr(n.inode, err);
        return a == null ? Reply.error(err[0]) : Replies.attr(0, a);
    }

    private Reply readlink(Request req) {
        Node n = node(req);
        if (n == null) {
            return stale();
        }
        String target = n.inode.readlink(daemon());
        if (target == null) {
            return Reply.error(EINVAL.negative());
        }
        byte[] b = target.getBytes(StandardCharsets.UTF_8);
        return Reply.data(b, 0, b.length);
    }

    // ---- open files

    private Reply open(Request req, boolean directory) {
        Node n = node(req);
        if (n == null) {
            return stale();
        }
        int flags = fuse_open_in.flags(req.arg(fuse_open_in.sizeof()));
        int emulated = directory ? Abi.O_RDONLY | Abi.O_DIRECTORY : flags & KEPT_OPEN_FLAGS;
        Handle h = openHandle(n, emulated, 0);
        if (h.fd < 0) {
            return Reply.error(h.fd);
        }
        return Replies.open(h.fh, directory ? 0 : Fuse.FOPEN_DIRECT_IO());
    }

    /** Opens the node's emulated path in a daemon; a handle whose fd is -errno on failure (not registered). */
    private Handle openHandle(Node n, int flags, int mode) {
        String path = nodes.path(n);
        Daemons.Opened o = daemons.open(path, flags, mode);
        if (o.fd() < 0) {
            return new Handle(0, n, o.process(), o.fd(), null, false);
        }
        OpenFile f = o.process().peekFile(o.fd());
        if (f == null || f.inode() != n.inode) {
            // The name now leads to another file (a procfs entry removed and
            // made again): this node is stale.
            o.process().close(o.fd());
            return new Handle(0, n, o.process(), ENOENT.negative(), null, false);
        }
        Handle h = new Handle(nextFh.getAndIncrement(), n, o.process(), o.fd(), f,
                n.inode.type() == InodeType.DIRECTORY);
        handles.put(h.fh, h);
        return h;
    }

    private Handle handle(long fh) {
        return handles.get(fh);
    }

    private Reply read(Request req) {
        MemorySegment in = req.arg(fuse_read_in.sizeof());
        Handle h = handle(fuse_read_in.fh(in));
        if (h == null) {
            return Reply.error(EBADF.negative());
        }
        long offset = fuse_read_in.offset(in);
        int size = Math.min(fuse_read_in.size(in), Session.MAX_WRITE);
        try {
            h.io.lockInterruptibly();
        } catch (InterruptedException e) {
            return Reply.error(EINTR.negative());
        }
        try {
            seekTo(h, offset);
            byte[] buf = new byte[size];
            long n = h.process.read(h.fd, buf, 0, size);
            if (n < 0) {
                return Reply.error((int) n);
            }
            h.position = offset + n;
            return Reply.data(buf, 0, (int) n);
        } finally {
            h.io.unlock();
        }
    }

    /**
     * The kernel sends the offset of each read and write; the emulated file
     * has a position. They agree as long as nobody seeks, so lseek only when
     * they differ. Files that cannot seek (ESPIPE: streams such as
     * /proc/kmsg) read where they are, which is what the kernel's position
     * means for them anyway.
     */
    private static void seekTo(Handle h, long offset) {
        if (offset != h.position) {
            long r = h.process.lseek(h.fd, offset, Abi.SEEK_SET);
            if (r >= 0) {
                h.position = r;
            }
        }
    }

    private Reply write(Request req) {
        MemorySegment in = req.arg(fuse_write_in.sizeof());
        Handle h = handle(fuse_write_in.fh(in));
        if (h == null) {
            return Reply.error(EBADF.negative());
        }
        long offset = fuse_write_in.offset(in);
        int size = fuse_write_in.size(in);
        byte[] data = req.bytes(fuse_write_in.sizeof(), size);
        try {
            h.io.lockInterruptibly();
        } catch (InterruptedException e) {
            return Reply.error(EINTR.negative());
        }
        try {
            seekTo(h, offset);
            long n = h.process.write(h.fd, data, 0, data.length);
            if (n < 0) {
                return Reply.error((int) n);
            }
            h.position = offset + n;
            return Replies.written((int) n);
        } finally {
            h.io.unlock();
        }
    }

    /**
     * Every close(2) of a descriptor: fsync the passthrough file, so what was
     * acknowledged is on disk. Not under the handle's I/O lock, so a close
     * does not wait for a read asleep on the same file.
     */
    private Reply flush(Request req) {
        Handle h = handle(fuse_flush_in.fh(req.arg(fuse_flush_in.sizeof())));
        if (h == null) {
            return Reply.error(EBADF.negative());
        }
        return sync(h, PassthroughOps.IOC_FSYNC);
    }

    private Reply fsync(Request req) {
        MemorySegment in = req.arg(fuse_fsync_in.sizeof());
        Handle h = handle(fuse_fsync_in.fh(in));
        if (h == null) {
            return Reply.error(EBADF.negative());
        }
        boolean data = (fuse_fsync_in.fsync_flags(in) & Fuse.FUSE_FSYNC_FDATASYNC()) != 0;
        return sync(h, data ? PassthroughOps.IOC_FDATASYNC : PassthroughOps.IOC_FSYNC);
    }

    private static Reply sync(Handle h, int request) {
        if (!(h.node.inode instanceof PassthroughNode)) {
            return Reply.OK;
        }
        long r = h.process.ioctl(h.fd, request, null);
        // A revoked file answers ENOTTY: its release already synced and closed it.
        return r == ENOTTY.negative() ? Reply.OK : Reply.status(r);
    }

    private Reply release(Request req) {
        Handle h = handles.remove(fuse_release_in.fh(req.arg(fuse_release_in.sizeof())));
        if (h == null) {
            return Reply.error(EBADF.negative());
        }
        cancelPoll(h);
        h.process.close(h.fd);
        return Reply.OK;
    }

    /**
     * FUSE_POLL: the file's readiness through the gate (a revoked file
     * answers its revoked mask). With FUSE_POLL_SCHEDULE_NOTIFY the handle
     * is put on the queues the file's poll names, and the first wake-up
     * sends FUSE_NOTIFY_POLL.
     */
    private Reply poll(Request req) {
        MemorySegment in = req.arg(fuse_poll_in.sizeof());
        Handle h = handle(fuse_poll_in.fh(in));
        if (h == null) {
            return Reply.error(EBADF.negative());
        }
        int events = fuse_poll_in.events(in);
        PollRegistration reg = null;
        if ((fuse_poll_in.flags(in) & Fuse.FUSE_POLL_SCHEDULE_NOTIFY()) != 0 && channel != null) {
            synchronized (h) {
                if (h.poll != null && !h.poll.hasFired()) {
                    reg = h.poll; // still armed: waitOn adds nothing twice
                } else {
                    if (h.poll != null) {
                        h.poll.cancel();
                    }
                    reg = h.poll = new PollRegistration(fuse_poll_in.kh(in), channel);
                }
            }
        }
        int revents = Gate.poll(h.file, events, reg);
        return Replies.poll(revents & (events | Abi.POLLERR | Abi.POLLHUP | Abi.POLLNVAL));
    }

    private static void cancelPoll(Handle h) {
        PollRegistration reg;
        synchronized (h) {
            reg = h.poll;
            h.poll = null;
        }
        if (reg != null) {
            reg.cancel();
        }
    }

    // ---- directories

    private Reply readdir(Request req) {
        MemorySegment in = req.arg(fuse_read_in.sizeof());
        Handle h = handle(fuse_read_in.fh(in));
        if (h == null) {
            return Reply.error(EBADF.negative());
        }
        long offset = fuse_read_in.offset(in);
        List<Dirents.Entry> listing;
        synchronized (h) {
            if (h.listing == null || offset == 0) {
                h.listing = listing(h.node);
            }
            listing = h.listing;
        }
        return Dirents.encode(listing, offset, fuse_read_in.size(in));
    }

    private List<Dirents.Entry> listing(Node dir) {
        List<Dirents.Entry> out = new ArrayList<>();
        out.add(new Dirents.Entry(".", dir.inode.ino(), Dirents.DT_DIR));
        Node up = dir.parent == null ? dir : dir.parent;
        out.add(new Dirents.Entry("..", up.inode.ino(), Dirents.DT_DIR));
        for (String name : dir.inode.list(daemon())) {
            Inode c = child(dir, name);
            if (c != null) {
                out.add(new Dirents.Entry(name, c.ino(), switch (c.type()) {
                    case DIRECTORY -> Dirents.DT_DIR;
                    case SYMLINK -> Dirents.DT_LNK;
                    case REGULAR, CHAR_DEVICE -> Dirents.DT_REG;
                }));
            }
        }
        return out;
    }

    private Reply statfs() {
        if (passthrough != null) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment st = a.allocate(statvfs.layout());
                if (FsSys.statvfs(passthrough.source().toString(), st) == 0) {
                    return Replies.statfs(statvfs.f_blocks(st), statvfs.f_bfree(st), statvfs.f_bavail(st),
                            statvfs.f_files(st), statvfs.f_ffree(st), (int) statvfs.f_bsize(st),
                            (int) statvfs.f_namemax(st), (int) statvfs.f_frsize(st));
                }
            }
        }
        return Replies.statfs(0, 0, 0, 0, 0, 4096, 255, 4096);
    }

    // ---- namespace changes (passthrough only)

    private Reply create(Request req) {
        Node parent = node(req);
        if (parent == null) {
            return stale();
        }
        MemorySegment in = req.arg(fuse_create_in.sizeof());
        int flags = fuse_create_in.flags(in);
        int mode = fuse_create_in.mode(in);
        String name = req.string(fuse_create_in.sizeof());
        if (!(parent.inode instanceof PassthroughNode dir)) {
            return Reply.error(EPERM.negative());
        }
        // Create it first, exclusively and as the caller; then open it like
        // any file. Only a file made here gets the caller's ownership.
        int made = dir.createAs(name, mode, req.uid(), req.gid());
        if (made < 0 && (made != EEXIST.negative() || (flags & Abi.O_EXCL) != 0)) {
            return Reply.error(made);
        }
        String path = nodes.path(parent) + "/" + name;
        Daemons.Opened o = daemons.open(path, flags & KEPT_OPEN_FLAGS, 0);
        if (o.fd() < 0) {
            return Reply.error(o.fd());
        }
        OpenFile f = o.process().peekFile(o.fd());
        Inode inode = f.inode();
        int[] err = new int[1];
        Attr a = attr(inode, err);
        if (a == null) {
            o.process().close(o.fd());
            return Reply.error(err[0]);
        }
        Node n = nodes.lookedUp(parent, name, inode);
        Handle h = new Handle(nextFh.getAndIncrement(), n, o.process(), o.fd(), f, false);
        handles.put(h.fh, h);
        return Replies.create(n.id, 0, 0, 0, a, h.fh, Fuse.FOPEN_DIRECT_IO());
    }

    private Reply mkdir(Request req) {
        Node parent = node(req);
        if (parent == null) {
            return stale();
        }
        if (!(parent.inode instanceof PassthroughNode p)) {
            return Reply.error(EPERM.negative());
        }
        int mode = fuse_mkdir_in.mode(req.arg(fuse_mkdir_in.sizeof()));
        String name = req.string(fuse_mkdir_in.sizeof());
        int r = p.mkdirAs(name, mode, req.uid(), req.gid());
        if (r < 0) {
            return Reply.error(r);
        }
        return made(parent, p, name);
    }

    private Reply symlink(Request req) {
        Node parent = node(req);
        if (parent == null) {
            return stale();
        }
        if (!(parent.inode instanceof PassthroughNode p)) {
            return Reply.error(EPERM.negative());
        }
        String name = req.string(0);
        String target = req.string(req.afterString(0));
        int r = p.symlinkAs(name, target, req.uid(), req.gid());
        if (r < 0) {
            return Reply.error(r);
        }
        return made(parent, p, name);
    }

    /** After a mkdir or symlink: looked up and answered. */
    private Reply made(Node parent, PassthroughNode dir, String name) {
        PassthroughNode c = dir.lookupNode(name);
        if (c == null) {
            return Reply.error(ENOENT.negative());
        }
        return entry(parent, name, c);
    }

    private Reply remove(Request req, boolean directory) {
        Node parent = node(req);
        if (parent == null) {
            return stale();
        }
        if (!(parent.inode instanceof PassthroughNode p)) {
            return Reply.error(EPERM.negative());
        }
        String name = req.string(0);
        return Reply.status(directory ? p.rmdir(name) : p.unlink(name));
    }

    private Reply rename(Request req, boolean two) {
        Node parent = node(req);
        if (parent == null) {
            return stale();
        }
        long newDirId;
        int flags = 0;
        long namesAt;
        if (two) {
            MemorySegment in = req.arg(fuse_rename2_in.sizeof());
            newDirId = fuse_rename2_in.newdir(in);
            flags = fuse_rename2_in.flags(in);
            namesAt = fuse_rename2_in.sizeof();
        } else {
            newDirId = fuse_rename_in.newdir(req.arg(fuse_rename_in.sizeof()));
            namesAt = fuse_rename_in.sizeof();
        }
        String from = req.string(namesAt);
        String to = req.string(req.afterString(namesAt));
        Node newParent = nodes.get(newDirId);
        if (newParent == null) {
            return stale();
        }
        if (!(parent.inode instanceof PassthroughNode src) || !(newParent.inode instanceof PassthroughNode dst)) {
            return Reply.error(parent.inode instanceof PassthroughNode || newParent.inode instanceof PassthroughNode
                    ? EXDEV.negative() : EPERM.negative());
        }
        PassthroughNode moving = src.lookupNode(from);
        PassthroughNode other = dst.lookupNode(to);
        int r = src.rename(from, dst, to, flags);
        if (r < 0) {
            return Reply.error(r);
        }
        Node n = moving == null ? null : nodes.find(moving);
        if (n != null) {
            nodes.moved(n, newParent, to);
        }
        if ((flags & FsSys.RENAME_EXCHANGE) != 0 && other != null) {
            Node o = nodes.find(other);
            if (o != null) {
                nodes.moved(o, parent, from);
            }
        }
        return Reply.OK;
    }

    // ---- extended attributes: the revoke route

    private Reply setxattr(Request req) {
        Node n = node(req);
        if (n == null) {
            return stale();
        }
        MemorySegment in = req.arg(Fuse.FUSE_COMPAT_SETXATTR_IN_SIZE());
        long nameAt = Fuse.FUSE_COMPAT_SETXATTR_IN_SIZE();
        String name = req.string(nameAt);
        if (!name.equals(REVOKE_XATTR)) {
            // Never ENOSYS: the kernel would stop sending SETXATTR at all, the revoke route with it.
            return Reply.error(EOPNOTSUPP.negative());
        }
        fuse_setxattr_in.size(in); // the value is ignored: any value revokes
        RevokeOutcome o = revoke(n, req.uid());
        return Reply.status(o.status());
    }

    private Reply getxattr(Request req) {
        Node n = node(req);
        if (n == null) {
            return stale();
        }
        MemorySegment in = req.arg(fuse_getxattr_in.sizeof());
        int size = fuse_getxattr_in.size(in);
        String name = req.string(fuse_getxattr_in.sizeof());
        String value = switch (name) {
            case MARKER_XATTR -> "revokefs";
            case HANDLES_XATTR -> String.valueOf(handles.values().stream().filter(h -> h.node == n).count());
            default -> null;
        };
        if (value == null) {
            return Reply.error(ENODATA.negative());
        }
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        if (size == 0) {
            return Replies.xattrSize(b.length);
        }
        if (size < b.length) {
            return Reply.error(ERANGE.negative());
        }
        return Reply.data(b, 0, b.length);
    }

    private Reply listxattr(Request req) {
        int size = fuse_getxattr_in.size(req.arg(fuse_getxattr_in.sizeof()));
        return size == 0 ? Replies.xattrSize(0) : Reply.data(new byte[0], 0, 0);
    }

    /**
     * Revokes the file behind {@code path} (emulated, e.g. {@code /src/a.txt})
     * as user {@code uid} would: the same checks and the same effect as a
     * setxattr of {@value #REVOKE_XATTR} on it through the mount.
     */
    public RevokeOutcome revoke(String path, int uid) {
        Inode i = resolve(path);
        if (i == null) {
            return RevokeOutcome.failed(path, ENOENT.negative(), "no such file");
        }
        return revoke(i, path, uid);
    }

    private RevokeOutcome revoke(Node n, int uid) {
        return revoke(n.inode, nodes.path(n), uid);
    }

    /**
     * The route from an inode to its revokable (Viro's question 6):
     * a passthrough file revokes its own generation; a procfs entry is run
     * down as its removal would (but keeps its name); an emulated device
     * goes through the emulated revoke(2) of its node. Only the owner or
     * root may revoke (FreeBSD's rule).
     */
    private RevokeOutcome revoke(Inode i, String path, int uid) {
        if (uid != 0 && uid != i.uid()) {
            return RevokeOutcome.failed(path, EPERM.negative(), "not the owner");
        }
        long start = System.nanoTime();
        RevokeReport report;
        try {
            if (i instanceof PassthroughNode p) {
                if (p.type() != InodeType.REGULAR) {
                    return RevokeOutcome.failed(path, EINVAL.negative(), "not a regular file");
                }
                report = p.revoke();
            } else if (i instanceof ProcEntry e) {
                Revokable r = e.revokable();
                if (e.isPermanent()) {
                    return RevokeOutcome.failed(path, EPERM.negative(), "permanent procfs entry");
                }
                if (r == null) {
                    return RevokeOutcome.failed(path, EINVAL.negative(), "procfs directory or link");
                }
                report = r.revokeIt();
            } else if (i.type() == InodeType.CHAR_DEVICE) {
                int r = daemon().revoke(path);
                if (r < 0) {
                    return RevokeOutcome.failed(path, r, "emulated revoke(2) failed");
                }
                revocations.incrementAndGet();
                return new RevokeOutcome(path, 0, -1, System.nanoTime() - start, "revoked");
            } else {
                return RevokeOutcome.failed(path, EINVAL.negative(), "not a revocable file");
            }
        } catch (SelfRevokeException e) {
            return RevokeOutcome.failed(path, EINVAL.negative(), "revoke from inside the file's own method");
        }
        revocations.incrementAndGet();
        return new RevokeOutcome(path, 0, report.released(), System.nanoTime() - start, "revoked");
    }
}
