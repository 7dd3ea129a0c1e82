package dev.revoke.procfs;

import dev.revoke.mechanism.WaitQueue;
import dev.revoke.vfs.Caller;
import dev.revoke.vfs.OpenFile;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One open file of a procfs entry, as its {@link ProcOps} see it: the
 * {@code struct file} with its position and a private-data slot of its own
 * ({@code file->private_data}; procfs keeps its bookkeeping elsewhere).
 */
public final class ProcHandle {
    private final ProcFile entry;
    private final OpenFile file;
    private volatile Object privateData;
    /** Set when {@link ProcOps#open} succeeded: only such files get a release. */
    volatile boolean opened;
    private final AtomicBoolean released = new AtomicBoolean();
    /** The seq_file buffer: the rendering reads are served from. Guarded by this. */
    byte[] seq;

    ProcHandle(ProcFile entry, OpenFile file) {
        this.entry = entry;
        this.file = file;
    }

    /** The open file: position, flags, opener. */
    public OpenFile file() {
        return file;
    }

    public ProcEntry entry() {
        return entry;
    }

    ProcFile procFile() {
        return entry;
    }

    public Object privateData() {
        return privateData;
    }

    public void setPrivateData(Object data) {
        this.privateData = data;
    }

    /**
     * Where this entry's methods sleep: its revokable's wait queue, which a
     * removal wakes (and marks dead first, so the wake-up cannot be lost).
     */
    public WaitQueue waitQueue() {
        return entry.revokable().waitQueue();
    }

    public boolean isNonBlocking() {
        return file.isNonBlocking();
    }

    /** Who opened the file. */
    public Caller opener() {
        return file.opener();
    }

    public long position() {
        return file.position();
    }

    public void setPosition(long position) {
        file.setPosition(position);
    }

    /** True the first time only: the guard behind "release exactly once". */
    boolean markReleased() {
        return released.compareAndSet(false, true);
    }

    @Override
    public String toString() {
        return entry.path();
    }
}
