package dev.revoke.procfs;

import dev.revoke.mechanism.Revokable;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.InodeType;

/**
 * One name in /proc: Linux's {@code struct proc_dir_entry}. Directories,
 * files and symlinks are all entries; per-process directories are built of
 * them too. Entries are made by {@link ProcFs}'s create calls and leave by
 * {@link ProcFs#remove} or {@link ProcFs#removeSubtree}.
 *
 * <p>Life cycle: {@link State#LIVE} while lookups can find it;
 * {@link State#UNLINKED} once a removal has taken its name away (new lookups
 * fail with ENOENT) but before its open files are run down;
 * {@link State#DEAD} once the rundown has released every one of them.
 */
public abstract class ProcEntry extends Inode {
    /** Where an entry is in its removal. */
    public enum State { LIVE, UNLINKED, DEAD }

    final ProcFs fs;
    final ProcDir parent;
    private final String name;
    private final String path;
    private volatile boolean permanent;
    volatile State state = State.LIVE;

    ProcEntry(ProcFs fs, ProcDir parent, String name, InodeType type, int mode, int uid) {
        super(type, mode, uid);
        this.fs = fs;
        this.parent = parent;
        this.name = name;
        this.path = parent == null ? ProcFs.MOUNT_POINT
                : parent.parent == null ? ProcFs.MOUNT_POINT + "/" + name : parent.path() + "/" + name;
    }

    /** The last component: {@code stats}. Empty for the root. */
    public final String name() {
        return name;
    }

    /** The absolute path: {@code /proc/driver/foo/stats}. */
    public final String path() {
        return path;
    }

    /** The directory holding this entry; null for the root. */
    public final ProcEntry parent() {
        return parent;
    }

    public final State state() {
        return state;
    }

    /** True until a removal unlinks the entry. */
    public final boolean isLive() {
        return state == State.LIVE;
    }

    /**
     * Linux's {@code PROC_ENTRY_PERMANENT}: files opened on it are not
     * counted in and out of the entry on every call (no {@code Revoke} is
     * attached, so the gate takes its one-null-check fast path), and removing
     * it is refused.
     */
    public final boolean isPermanent() {
        return permanent;
    }

    /**
     * {@code pde_make_permanent}: call it right after creating the entry,
     * before anything opens it.
     *
     * @throws IllegalStateException if files are already open on it or it is
     *         being removed: they were attached to the revocation machinery
     *         and would never be run down
     */
    public ProcEntry makePermanent() {
        // Under the tree lock, so that a removal sees the flag or not at all.
        fs.tree.lock();
        try {
            if (state != State.LIVE) {
                throw new IllegalStateException(path + " is being removed");
            }
            if (openers() > 0) {
                throw new IllegalStateException(path + " is already open; make it permanent before the first open");
            }
            permanent = true;
        } finally {
            fs.tree.unlock();
        }
        return this;
    }

    /**
     * The revocable behind this entry's open files ({@code pde->in_use} and
     * {@code pde_openers}); null for directories and symlinks, which have no
     * open files of their own.
     */
    public Revokable revokable() {
        return null;
    }

    /** Files open on this entry and not yet released: {@code pde_openers}. */
    public int openers() {
        Revokable r = revokable();
        return r == null ? 0 : r.attachedCount();
    }

    /** Names in this directory's map, live or not yet cleared; 0 for files and symlinks. */
    public int childCount() {
        return 0;
    }

    @Override
    public String toString() {
        return path;
    }
}
