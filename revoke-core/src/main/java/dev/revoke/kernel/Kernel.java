package dev.revoke.kernel;

import static dev.revoke.panama.Errno.EEXIST;
import static dev.revoke.panama.Errno.ENOENT;
import static dev.revoke.panama.Errno.ENOTDIR;

import dev.revoke.chardev.NullDevice;
import dev.revoke.ramfs.RamFs;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.Caller;
import dev.revoke.vfs.DeviceNumber;
import dev.revoke.vfs.FileSystem;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.InodeType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The emulated kernel: a mount namespace over a {@link RamFs} root, the
 * character device table, and the process table. System calls are made on
 * {@link Process} objects; this class holds what they share.
 */
public final class Kernel {
    private final RamFs rootFs = new RamFs();
    private final Map<String, FileSystem> mounts = new ConcurrentSkipListMap<>();
    private final Map<DeviceNumber, CharDevice> charDevices = new ConcurrentHashMap<>();
    private final Map<Integer, Process> processes = new ConcurrentHashMap<>();
    private final List<ProcessListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger lastPid = new AtomicInteger();

    int nextPid() {
        return lastPid.incrementAndGet();
    }
    private final long bootNanos = System.nanoTime();
    private volatile VhangupHandler vhangup = p -> 0;
    private final Process init;

    /** {@code /dev/null}'s number, as on Linux. */
    public static final DeviceNumber NULL_DEVICE = new DeviceNumber(1, 3);

    /** Handles {@code vhangup(2)}; the tty layer installs one. */
    @FunctionalInterface
    public interface VhangupHandler {
        int vhangup(Process caller);
    }

    public Kernel() {
        mounts.put("/", rootFs);
        RamFs.Dir root = rootFs.root();
        root.mkdir("dev", 0755, 0);
        root.mkdir("proc", 0555, 0);
        root.mkdir("tmp", 01777, 0);
        init = newProcess(null, "init", 0, FdTable.DEFAULT_LIMIT);
        registerCharDevice(NULL_DEVICE, new NullDevice());
        mknod("/dev/null", 0666, 0, NULL_DEVICE);
    }

    /** pid 1, root. */
    public Process init() {
        return init;
    }

    /**
     * A new process, child of init, in a session of its own (a login, say),
     * with /dev/null on descriptors 0, 1 and 2 so that its first open gets 3.
     */
    public Process spawn(String name, int uid) {
        Process p = newProcess(init, name, uid, FdTable.DEFAULT_LIMIT);
        for (int fd = 0; fd < 3; fd++) {
            p.open("/dev/null", fd == 0 ? Abi.O_RDONLY : Abi.O_WRONLY);
        }
        return p;
    }

    Process newProcess(Process parent, String name, int uid, int fdLimit) {
        Process p = new Process(this, nextPid(), parent, name, uid, new FdTable(fdLimit));
        register(p);
        return p;
    }

    void register(Process p) {
        processes.put(p.pid(), p);
        for (ProcessListener l : listeners) {
            l.started(p);
        }
    }

    void reap(Process p) {
        processes.remove(p.pid());
        for (ProcessListener l : listeners) {
            l.exited(p);
        }
    }

    public Process process(int pid) {
        return processes.get(pid);
    }

    public Collection<Process> processes() {
        return List.copyOf(processes.values());
    }

    public void addProcessListener(ProcessListener l) {
        listeners.add(l);
        for (Process p : processes()) {
            l.started(p);
        }
    }

    /** Mounts {@code fs} on an existing directory. */
    public int mount(String path, FileSystem fs) {
        PathWalk.Result r = PathWalk.resolve(this, init, path, true);
        if (!r.ok()) {
            return r.error();
        }
        if (r.inode().type() != InodeType.DIRECTORY) {
            return ENOTDIR.negative();
        }
        return mounts.putIfAbsent(r.path(), fs) == null ? 0 : EEXIST.negative();
    }

    /** Mount points and their filesystems, as /proc/mounts lists them. */
    public List<Map.Entry<String, FileSystem>> mounts() {
        return new ArrayList<>(mounts.entrySet());
    }

    Inode rootInode() {
        return rootFs.root();
    }

    /** The root of a filesystem mounted on {@code path}, or {@code covered} if none is. */
    Inode mountedOn(String path, Inode covered) {
        FileSystem fs = mounts.get(path);
        return fs != null && !path.equals("/") ? fs.root() : covered;
    }

    public RamFs.Dir rootDirectory() {
        return rootFs.root();
    }

    /** Registers a driver for one device number. */
    public CharDevice registerCharDevice(DeviceNumber number, CharDriver driver) {
        CharDevice d = new CharDevice(number, driver);
        if (charDevices.putIfAbsent(number, d) != null) {
            throw new IllegalStateException("device " + number + " already registered");
        }
        return d;
    }

    public CharDevice charDevice(DeviceNumber number) {
        return charDevices.get(number);
    }

    /** {@code mknod PATH c MAJOR MINOR}: a device node in the root filesystem. */
    public int mknod(String path, int mode, int uid, DeviceNumber number) {
        int slash = path.lastIndexOf('/');
        PathWalk.Result dir = PathWalk.resolve(this, init, slash == 0 ? "/" : path.substring(0, slash), true);
        if (!dir.ok()) {
            return dir.error();
        }
        if (!(dir.inode() instanceof RamFs.Dir d)) {
            return ENOENT.negative();
        }
        return d.mknod(path.substring(slash + 1), mode, uid, number);
    }

    public void setVhangupHandler(VhangupHandler handler) {
        this.vhangup = handler;
    }

    VhangupHandler vhangupHandler() {
        return vhangup;
    }

    /** Nanoseconds since boot, for /proc/uptime. */
    public long uptimeNanos() {
        return System.nanoTime() - bootNanos;
    }

    /** Search (x) permission on a directory. */
    boolean maySearch(Inode dir, Caller c) {
        return may(dir, c, 1);
    }

    /** Unix permission bits: {@code want} is a mask of r=4, w=2, x=1. Root passes except x on non-executables. */
    boolean may(Inode i, Caller c, int want) {
        if (c.isRoot()) {
            return true;
        }
        int bits = c.uid() == i.uid() ? (i.mode() >> 6) & 7 : i.mode() & 7;
        return (bits & want) == want;
    }
}
