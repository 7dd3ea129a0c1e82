package dev.revoke.vfs;

import dev.revoke.mechanism.WaitQueue;

/**
 * Lets a file's {@code poll} put the poller on the wait queues that will
 * signal a change, as Linux's {@code poll_wait}. The poller is woken by any
 * of them, a revocation's kick included, and then polls every file again.
 */
public interface PollTable {
    void waitOn(WaitQueue queue);
}
