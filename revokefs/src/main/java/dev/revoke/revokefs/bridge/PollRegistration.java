package dev.revoke.revokefs.bridge;

import dev.revoke.mechanism.WaitQueue;
import dev.revoke.revokefs.fuse.Fuse;
import dev.revoke.revokefs.fuse.fuse_notify_poll_wakeup_out;
import dev.revoke.revokefs.protocol.Reply;
import dev.revoke.revokefs.server.Channel;
import dev.revoke.vfs.PollTable;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A kernel poller waiting on one handle (FUSE_POLL with
 * FUSE_POLL_SCHEDULE_NOTIFY): the emulated wait queues the file's poll
 * put it on, and the one-shot wake-up that sends FUSE_NOTIFY_POLL with the
 * kernel's handle {@code kh}. The kernel then polls again, which arms a new
 * registration. A revocation wakes the file's queues like any change, so a
 * real poll(2) asleep on a revoked file returns and sees the revoked mask.
 *
 * <p>The wake runs under the queue's lock, inside its wake-up loop, so it
 * only sends; the entries come off the queues later ({@link #cancel()}).
 */
final class PollRegistration implements PollTable, WaitQueue.Entry {
    private final long kh;
    private final Channel channel;
    private final List<WaitQueue> queues = new ArrayList<>();
    private final AtomicBoolean fired = new AtomicBoolean();
    private volatile boolean cancelled;

    PollRegistration(long kh, Channel channel) {
        this.kh = kh;
        this.channel = channel;
    }

    @Override
    public void waitOn(WaitQueue queue) {
        synchronized (queues) {
            if (cancelled || queues.contains(queue)) {
                return;
            }
            queues.add(queue);
        }
        queue.add(this);
    }

    @Override
    public void wake() {
        if (!cancelled && fired.compareAndSet(false, true)) {
            MemorySegment b = Reply.struct(fuse_notify_poll_wakeup_out.sizeof());
            fuse_notify_poll_wakeup_out.kh(b, kh);
            channel.notify(Fuse.FUSE_NOTIFY_POLL(), b);
        }
    }

    boolean hasFired() {
        return fired.get();
    }

    /** Takes the entry off every queue. Not from inside {@link #wake()}. */
    void cancel() {
        List<WaitQueue> qs;
        synchronized (queues) {
            cancelled = true;
            qs = List.copyOf(queues);
            queues.clear();
        }
        for (WaitQueue q : qs) {
            q.remove(this);
        }
    }
}
