package dev.revoke.procfs;

import static dev.revoke.panama.Errno.EEXIST;
import static dev.revoke.panama.Errno.EINVAL;
import static dev.revoke.panama.Errno.ENAMETOOLONG;
import static dev.revoke.panama.Errno.ENOENT;
import static dev.revoke.panama.Errno.ENOTDIR;
import static dev.revoke.panama.Errno.ENOTEMPTY;
import static dev.revoke.panama.Errno.EPERM;

import dev.revoke.kernel.Kernel;
import dev.revoke.kernel.Process;
import dev.revoke.mechanism.Revokable;
import dev.revoke.mechanism.RevokeReport;
import dev.revoke.mechanism.SelfRevokeException;
import dev.revoke.panama.Errno;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.Caller;
import dev.revoke.vfs.FileSystem;
import dev.revoke.vfs.Inode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A simulated /proc for the emulated {@link Kernel}: Linux's
 * {@code fs/proc/generic.c} and {@code inode.c} over the project's
 * revocation mechanism. Removing an entry revokes its open files.
 *
 * <p>Paths given to the create and remove calls are relative to /proc
 * ({@code "driver/foo/stats"}); an absolute {@code "/proc/..."} is accepted
 * too. Parents must exist, as with {@code proc_create} and
 * {@code proc_mkdir}; only {@link #sysctl} makes the directories it needs,
 * as {@code register_sysctl} does.
 *
 * <p>Removal follows Linux's order. Under the tree lock the name is
 * unlinked ({@code remove_proc_subtree} unlinks the whole subtree), so new
 * lookups and opens fail with ENOENT from that moment; then, outside the
 * lock, each entry is run down, children before parents: its revokable
 * stops new callers, wakes sleepers on its wait queue, waits for the methods
 * in flight to return, and releases every open file exactly once. From then
 * on the files answer as {@link dev.revoke.vfs.RevokedOperations#PROCFS}:
 * read and write EIO, lseek EINVAL, poll IN|OUT|RDNORM|WRNORM, ioctl
 * ENOTTY, mmap EIO, existing mappings kept.
 *
 * <p>Removing a permanent entry (or a subtree holding one) is refused with
 * {@code -EPERM} and a warning in the kernel log, and nothing is removed;
 * Linux WARNs and refuses too ({@code remove_proc_entry} returns nothing,
 * {@code remove_proc_subtree} returns -EINVAL).
 */
public final class ProcFs implements FileSystem {
    /** Where {@link #mount} puts it. */
    public static final String MOUNT_POINT = "/proc";

    private final Kernel kernel;
    /** {@code proc_subdir_lock}: every change of any directory map. */
    final ReentrantLock tree = new ReentrantLock();
    private final ProcDir root;
    private final AtomicInteger entries = new AtomicInteger();
    private final KernelLog kmsg = new KernelLog();

    private ProcFs(Kernel kernel) {
        this.kernel = kernel;
        this.root = new ProcDir(this, null, "", 0555, 0);
    }

    /**
     * Mounts a new procfs on /proc of {@code kernel}, fills it with the
     * standard entries (version, uptime, mounts, kmsg, self, sys/kernel/...)
     * and keeps a /proc/PID for every process, present and future.
     *
     * @throws ProcFsException if /proc cannot be mounted (already mounted, say)
     */
    public static ProcFs mount(Kernel kernel) {
        ProcFs fs = new ProcFs(kernel);
        int rc = kernel.mount(MOUNT_POINT, fs);
        if (rc < 0) {
            throw new ProcFsException(errno(rc), "cannot mount procfs on " + MOUNT_POINT);
        }
        fs.populate();
        kernel.addProcessListener(new PidDirectories(fs));
        return fs;
    }

    @Override
    public String type() {
        return "proc";
    }

    @Override
    public ProcEntry root() {
        return root;
    }

    public Kernel kernel() {
        return kernel;
    }

    /** The kernel log read through /proc/kmsg. */
    public KernelLog kmsg() {
        return kmsg;
    }

    /** Entries in the tree, the root excepted, counting those still being run down. */
    public int entryCount() {
        return entries.get();
    }

    // ---- creation

    /** {@code proc_mkdir}: a directory, mode 0555. */
    public ProcEntry mkdir(String path) {
        return mkdir(path, 0555);
    }

    /** {@code proc_mkdir_mode}. */
    public ProcEntry mkdir(String path, int mode) {
        return register(path, false, (dir, name) -> new ProcDir(this, dir, name, mode, 0));
    }

    /** {@code proc_create}: a file whose methods are {@code ops}. */
    public ProcEntry create(String path, int mode, ProcOps ops) {
        Objects.requireNonNull(ops, "ops");
        return register(path, false, (dir, name) -> new ProcFile(this, dir, name, mode, 0, ops));
    }

    /**
     * {@code proc_create_single}: a read-only file whose content {@code show}
     * renders, read in pieces and sought in as with {@code seq_file}.
     */
    public ProcEntry createSingle(String path, int mode, SeqShow show) {
        Objects.requireNonNull(show, "show");
        return create(path, mode, new SeqOps(show));
    }

    /** {@code proc_symlink}. */
    public ProcEntry symlink(String path, String target) {
        Objects.requireNonNull(target, "target");
        return symlink(path, caller -> target);
    }

    /** A symlink whose target depends on the reader, as {@code /proc/self}. */
    public ProcEntry symlink(String path, Function<Caller, String> target) {
        Objects.requireNonNull(target, "target");
        return register(path, false, (dir, name) -> new ProcLink(this, dir, name, target));
    }

    /**
     * A knob under /proc/sys, mode 0644, made with any missing directories.
     * Values print with {@code toString}.
     *
     * @param path   {@code "sys/kernel/foo"}; must be under {@code sys/}
     * @param parser turns what is written into a value, throwing
     *               {@link IllegalArgumentException} (write fails with EINVAL)
     *               for what it rejects
     */
    public <T> Sysctl<T> sysctl(String path, T initial, Function<String, T> parser) {
        return sysctl(path, initial, parser, String::valueOf);
    }

    public <T> Sysctl<T> sysctl(String path, T initial, Function<String, T> parser, Function<T, String> formatter) {
        List<String> c = components(path);
        if (c.size() < 2 || !c.get(0).equals("sys")) {
            throw new ProcFsException(EINVAL, "sysctl " + path + " is not under /proc/sys");
        }
        Sysctl<T> knob = new Sysctl<>(initial, parser, formatter);
        ProcEntry e = register(path, true, (dir, name) -> new ProcFile(this, dir, name, 0644, 0, knob.ops()));
        knob.bind(e);
        return knob;
    }

    /** {@code proc_dointvec_minmax}: an integer knob taking values in {@code [min, max]}. */
    public Sysctl<Integer> sysctlInt(String path, int initial, int min, int max) {
        if (initial < min || initial > max) {
            throw new IllegalArgumentException(initial + " is not in [" + min + ", " + max + "]");
        }
        return sysctl(path, initial, s -> {
            int v = Integer.parseInt(s);
            if (v < min || v > max) {
                throw new IllegalArgumentException(v + " is not in [" + min + ", " + max + "]");
            }
            return v;
        });
    }

    // ---- lookup

    /** The live entry at {@code path}, or null. Per-process fd links are not entries. */
    public ProcEntry entry(String path) {
        List<String> c = componentsOrNull(path);
        return c == null ? null : find(c);
    }

    /**
     * What a path walk inside /proc finds for {@code caller}, without
     * following symlinks: an entry, or a {@code /proc/PID/fd/N} link.
     * Null if there is nothing. For listings and readlink in tests and demos.
     */
    public Inode lookup(String path, Caller caller) {
        List<String> c = componentsOrNull(path);
        if (c == null) {
            return null;
        }
        Inode at = root;
        for (String name : c) {
            at = at.lookup(name, caller);
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    // ---- removal

    /**
     * {@code remove_proc_entry}: unlinks one entry, then runs it down.
     * A directory must be empty (Linux would leak its children with a
     * warning; here it is {@code -ENOTEMPTY} and nothing happens).
     */
    public Removal remove(String path) {
        return removal(path, false);
    }

    /** {@code remove_proc_subtree}: unlinks an entry and everything under it, then runs them down, children first. */
    public Removal removeSubtree(String path) {
        return removal(path, true);
    }

    private Removal removal(String path, boolean subtree) {
        long start = System.nanoTime();
        List<String> c = componentsOrNull(path);
        if (c == null) {
            return Removal.refused(path, ENOENT.negative(), start);
        }
        if (c.isEmpty()) {
            return Removal.refused(path, EINVAL.negative(), start);
        }
        List<ProcEntry> doomed;
        String warning = null;
        int status = 0;
        tree.lock();
        try {
            ProcEntry e = find(c);
            if (e == null) {
                return Removal.refused(path, ENOENT.negative(), start);
            }
            doomed = new ArrayList<>();
            if (subtree) {
                postOrder(e, doomed);
            } else {
                doomed.add(e);
            }
            ProcEntry permanent = doomed.stream().filter(ProcEntry::isPermanent).findFirst().orElse(null);
            if (!subtree && e.childCount() > 0) {
                status = ENOTEMPTY.negative();
            } else if (permanent != null) {
                status = EPERM.negative();
                warning = "WARNING: removing permanent /proc entry '" + permanent.path() + "' refused";
            } else {
                e.parent.children.remove(e.name(), e);
                for (ProcEntry x : doomed) {
                    x.state = ProcEntry.State.UNLINKED;
                }
            }
        } finally {
            tree.unlock();
        }
        if (warning != null) {
            kmsg.log(warning);
        }
        if (status != 0) {
            return Removal.refused(path, status, start);
        }
        return runDown(path, doomed, start);
    }

    /** {@code proc_entry_rundown} for each entry, in order; no lock held. */
    private Removal runDown(String path, List<ProcEntry> doomed, long start) {
        List<String> ran = new ArrayList<>();
        List<String> deferred = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        int released = 0;
        long drain = 0;
        for (ProcEntry x : doomed) {
            Revokable r = x.revokable();
            if (r != null) {
                RevokeReport report;
                try {
                    report = r.revokeIt();
                } catch (SelfRevokeException self) {
                    // The remover is inside a method of this very entry (a knob
                    // that removes itself, say): waiting would wait for itself.
                    // The name is already gone; the rundown finishes when that
                    // method returns, on another thread.
                    deferred.add(x.path());
                    r.revokeAsync().whenComplete((rep, t) -> buried(x));
                    continue;
                }
                released += report.released();
                failures.addAll(report.failures());
                drain += report.drainNanos();
            }
            buried(x);
            ran.add(x.path());
        }
        return new Removal(path, 0, ran, released, failures, deferred, drain, System.nanoTime() - start);
    }

    private void buried(ProcEntry x) {
        if (x instanceof ProcDir d) {
            d.children.clear();
        }
        x.state = ProcEntry.State.DEAD;
        entries.decrementAndGet();
    }

    private static void postOrder(ProcEntry e, List<ProcEntry> out) {
        if (e instanceof ProcDir d) {
            for (ProcEntry child : d.children.values()) {
                postOrder(child, out);
            }
        }
        out.add(e);
    }

    // ---- the tree

    /**
     * Links a new entry under the tree lock. The parent must be a live
     * directory ({@code mkdirs}: missing ones are made, for sysctl).
     */
    private <E extends ProcEntry> E register(String path, boolean mkdirs, BiFunction<ProcDir, String, E> make) {
        List<String> c = components(path);
        if (c.isEmpty()) {
            throw new ProcFsException(EINVAL, "empty procfs name");
        }
        tree.lock();
        try {
            ProcDir dir = root;
            for (String name : c.subList(0, c.size() - 1)) {
                ProcEntry next = dir.child(name);
                if (next == null && mkdirs) {
                    next = link(dir, new ProcDir(this, dir, name, 0555, 0));
                }
                if (next == null) {
                    throw new ProcFsException(ENOENT, "no directory " + dir.path() + "/" + name + " for " + path);
                }
                if (!(next instanceof ProcDir d) || next instanceof FdDir) {
                    throw new ProcFsException(ENOTDIR, next.path() + " is not a directory");
                }
                dir = d;
            }
            String name = c.get(c.size() - 1);
            if (dir.children.containsKey(name)) {
                throw new ProcFsException(EEXIST, "proc_dir_entry '" + dir.path() + "/" + name + "' already registered");
            }
            return link(dir, make.apply(dir, name));
        } finally {
            tree.unlock();
        }
    }

    /** Under the tree lock. */
    private <E extends ProcEntry> E link(ProcDir dir, E e) {
        dir.children.put(e.name(), e);
        entries.incrementAndGet();
        return e;
    }

    private ProcEntry find(List<String> c) {
        ProcEntry at = root;
        for (String name : c) {
            if (!(at instanceof ProcDir d)) {
                return null;
            }
            at = d.child(name);
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    private static List<String> components(String path) {
        String p = path;
        if (p.equals(MOUNT_POINT)) {
            p = "";
        } else if (p.startsWith(MOUNT_POINT + "/")) {
            p = p.substring(MOUNT_POINT.length() + 1);
        } else if (p.startsWith("/")) {
            throw new ProcFsException(EINVAL, path + " is outside " + MOUNT_POINT);
        }
        List<String> out = new ArrayList<>();
        for (String name : p.split("/")) {
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals(".") || name.equals("..")) {
                throw new ProcFsException(EINVAL, "bad procfs name '" + name + "' in " + path);
            }
            if (name.length() > Abi.NAME_MAX) {
                throw new ProcFsException(ENAMETOOLONG, "name too long in " + path);
            }
            out.add(name);
        }
        return out;
    }

    private static List<String> componentsOrNull(String path) {
        try {
            return components(path);
        } catch (ProcFsException e) {
            return null;
        }
    }

    private static Errno errno(int negative) {
        Errno e = Errno.of(-negative);
        return e == null ? EINVAL : e;
    }

    // ---- what is there out of the box

    private void populate() {
        createSingle("version", 0444, out -> out.print(
                "Linux version 6.12.0-revoke (revoke@jvm) (java " + Runtime.version() + ") #1 SMP PREEMPT_DYNAMIC\n"))
                .makePermanent();
        createSingle("uptime", 0444, out -> {
            double up = kernel.uptimeNanos() / 1e9;
            out.print(String.format(Locale.ROOT, "%.2f %.2f\n", up, 0.0));
        }).makePermanent();
        createSingle("mounts", 0444, this::showMounts);
        ProcEntry kmsgEntry = create("kmsg", 0400, new KmsgOps(kmsg));
        kmsg.wakeOn(kmsgEntry.revokable().waitQueue());
        symlink("self", caller -> String.valueOf(caller.pid())).makePermanent();
        mkdir("driver");
        mkdir("sys");
        mkdir("sys/kernel");
        sysctl("sys/kernel/hostname", "revoke", s -> {
            if (s.length() > 64 || s.chars().anyMatch(ch -> ch <= ' ' || ch == 0x7f)) {
                throw new IllegalArgumentException("bad hostname");
            }
            return s;
        });
    }

    /** {@code /proc/mounts}: the emulated mount namespace, in fstab format. */
    private void showMounts(PrintWriter out) {
        for (Map.Entry<String, FileSystem> m : kernel.mounts()) {
            String type = m.getValue().type();
            out.print((m.getKey().equals("/") ? "rootfs" : type) + " " + m.getKey() + " " + type + " rw 0 0\n");
        }
    }

    /** Builds {@code /proc/PID} whole, then links it, so no lookup sees it half made. */
    void addProcess(Process p) {
        String name = String.valueOf(p.pid());
        tree.lock();
        try {
            if (root.children.containsKey(name)) {
                return;
            }
            ProcDir dir = new ProcDir(this, root, name, 0555, p.uid());
            dir.children.put("status", new ProcFile(this, dir, "status", 0444, p.uid(), new SeqOps(out -> showStatus(p, out))));
            dir.children.put("cmdline", new ProcFile(this, dir, "cmdline", 0444, p.uid(), new SeqOps(out -> out.print(p.name() + "\0"))));
            dir.children.put("fd", new FdDir(this, dir, p));
            root.children.put(name, dir);
            entries.addAndGet(1 + dir.children.size());
        } finally {
            tree.unlock();
        }
    }

    private static void showStatus(Process p, PrintWriter out) {
        out.print("Name:\t" + p.name() + "\n");
        out.print("State:\t" + (p.hasExited() ? "X (dead)" : "S (sleeping)") + "\n");
        out.print("Tgid:\t" + p.pid() + "\n");
        out.print("Pid:\t" + p.pid() + "\n");
        out.print("PPid:\t" + p.ppid() + "\n");
        out.print("Uid:\t" + p.uid() + "\t" + p.uid() + "\t" + p.uid() + "\t" + p.uid() + "\n");
        out.print("NSsid:\t" + p.sessionId() + "\n");
    }
}
