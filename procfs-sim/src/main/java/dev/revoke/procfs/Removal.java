package dev.revoke.procfs;

import java.util.List;

/**
 * What one {@link ProcFs#remove} or {@link ProcFs#removeSubtree} did.
 *
 * @param path          the path asked for
 * @param status        0, or a negative errno: {@code -ENOENT} (no such
 *                      entry), {@code -EPERM} (a permanent entry; nothing
 *                      was removed), {@code -ENOTEMPTY} ({@code remove} of a
 *                      non-empty directory), {@code -EINVAL} (the root)
 * @param entries       the entries run down, in order: children before
 *                      their parents
 * @param filesReleased open files the rundown released (files a racing
 *                      close released itself are not counted)
 * @param failures      what {@code ->release} threw; each such file still
 *                      counts as released
 * @param deferred      entries whose rundown was handed to another thread
 *                      because the remover was itself inside one of their
 *                      methods (it would have waited for itself); they are
 *                      unlinked, and are run down when that method returns
 * @param drainNanos    time spent waiting for methods in flight to return
 * @param totalNanos    time from the call to its return
 */
public record Removal(String path, int status, List<String> entries, int filesReleased,
                      List<Throwable> failures, List<String> deferred, long drainNanos, long totalNanos) {
    public Removal {
        entries = List.copyOf(entries);
        failures = List.copyOf(failures);
        deferred = List.copyOf(deferred);
    }

    static Removal refused(String path, int status, long startNanos) {
        return new Removal(path, status, List.of(), 0, List.of(), List.of(), 0, System.nanoTime() - startNanos);
    }

    /** True if the entries were removed. */
    public boolean ok() {
        return status == 0;
    }

    /** Removed, every release returned normally, and nothing was deferred. */
    public boolean clean() {
        return ok() && failures.isEmpty() && deferred.isEmpty();
    }
}
