package dev.revoke.procfs;

import static dev.revoke.panama.Errno.EAGAIN;
import static dev.revoke.panama.Errno.EINTR;
import static dev.revoke.panama.Errno.EIO;

import dev.revoke.mechanism.WaitQueue;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.PollTable;

/**
 * /proc/kmsg: the blocking entry. A read waits for unread log data (or
 * fails with EAGAIN under O_NONBLOCK), then consumes what there is, up to
 * the size asked. poll reports POLLIN|POLLRDNORM while there is unread data.
 *
 * <p>The reader sleeps on the entry's wait queue. A removal marks the entry
 * dying and wakes that queue before it waits for callers to leave, so the
 * sleeper returns and the removal completes. The woken read is still inside
 * the method; it returns EIO, what every later read of the removed file
 * returns, rather than 0, which a reader of a stream would take for a
 * normal end of file.
 */
final class KmsgOps implements ProcOps {
    private final KernelLog log;

    KmsgOps(KernelLog log) {
        this.log = log;
    }

    @Override
    public long read(ProcHandle h, byte[] buf, int off, int len) {
        if (len == 0) {
            return 0;
        }
        while (true) {
            int n = log.take(buf, off, len);
            if (n > 0) {
                h.file().advance(n);
                return n;
            }
            if (h.isNonBlocking()) {
                return EAGAIN.negative();
            }
            WaitQueue.Wake wake = h.waitQueue().await(log::hasUnread, -1);
            switch (wake) {
                case REVOKED -> {
                    return EIO.negative();
                }
                case INTERRUPTED -> {
                    return EINTR.negative();
                }
                default -> {
                    // READY: take it, unless another reader was faster.
                }
            }
        }
    }

    @Override
    public int poll(ProcHandle h, int events, PollTable table) {
        if (table != null) {
            table.waitOn(h.waitQueue());
        }
        return log.hasUnread() ? Abi.POLLIN | Abi.POLLRDNORM : 0;
    }
}
