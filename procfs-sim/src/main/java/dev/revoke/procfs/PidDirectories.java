package dev.revoke.procfs;

import dev.revoke.kernel.Process;
import dev.revoke.kernel.ProcessListener;

/**
 * Keeps one {@code /proc/PID} per emulated process: built when the process
 * starts, removed as a subtree (names first, then every open file of it
 * run down) when it exits. A reader of {@code /proc/PID/status} at that
 * moment gets its read, or EIO; afterwards EIO; new lookups ENOENT.
 */
final class PidDirectories implements ProcessListener {
    private final ProcFs fs;

    PidDirectories(ProcFs fs) {
        this.fs = fs;
    }

    @Override
    public void started(Process p) {
        fs.addProcess(p);
        if (p.hasExited()) {
            // Registered while it was exiting: its exit may have come before us.
            fs.removeSubtree(String.valueOf(p.pid()));
        }
    }

    @Override
    public void exited(Process p) {
        fs.removeSubtree(String.valueOf(p.pid()));
    }
}
