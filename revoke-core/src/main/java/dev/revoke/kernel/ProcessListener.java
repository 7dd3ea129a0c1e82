package dev.revoke.kernel;

/** Told when emulated processes start and exit: procfs keeps /proc/PID with it. */
public interface ProcessListener {
    void started(Process p);

    void exited(Process p);
}
