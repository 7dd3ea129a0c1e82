package dev.revoke.procfs;

import dev.revoke.mechanism.Revokable;
import dev.revoke.vfs.FileOperations;
import dev.revoke.vfs.InodeType;

/**
 * A regular file entry: its {@link ProcOps} and the {@link Revokable} that
 * counts callers in and out of them ({@code pde->in_use}) and lists the
 * files open on it ({@code pde->pde_openers}). Permanent entries keep the
 * revokable only for its wait queue; nothing is ever attached to it.
 */
final class ProcFile extends ProcEntry {
    final ProcOps ops;
    private final Revokable revokable;

    ProcFile(ProcFs fs, ProcDir parent, String name, int mode, int uid, ProcOps ops) {
        super(fs, parent, name, InodeType.REGULAR, mode, uid);
        this.ops = ops;
        this.revokable = Revokable.create("procfs " + path());
    }

    @Override
    public Revokable revokable() {
        return revokable;
    }

    @Override
    public FileOperations fileOperations() {
        return ProcFileOperations.INSTANCE;
    }

    /** {@code O_TRUNC} ({@code echo 1 > /proc/sys/...}) is accepted and changes nothing, as in Linux. */
    @Override
    public int truncate() {
        return 0;
    }
}
