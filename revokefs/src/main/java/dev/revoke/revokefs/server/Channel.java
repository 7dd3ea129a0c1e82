package dev.revoke.revokefs.server;

import dev.revoke.panama.Errno;
import dev.revoke.panama.NativeFd;
import dev.revoke.panama.Sys;
import dev.revoke.revokefs.fuse.fuse_out_header;
import dev.revoke.revokefs.protocol.Reply;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write side of /dev/fuse. Each reply is one write(2) of a
 * {@code fuse_out_header} and the body, as the device requires; writes
 * from any number of threads may interleave (each is atomic).
 */
public final class Channel {
    static final long OUT_HEADER = fuse_out_header.sizeof();

    private final NativeFd fd;
    private final AtomicLong replies = new AtomicLong();
    private final AtomicLong lostReplies = new AtomicLong();

    Channel(NativeFd fd) {
        this.fd = fd;
    }

    /**
     * Sends {@code reply} to request {@code unique}. Returns 0 or -errno:
     * {@code -ENOENT} when the kernel no longer waits for that request
     * (it was interrupted and given up, or the connection was aborted), which
     * is not an error of ours.
     */
    public int reply(long unique, Reply reply) {
        if (reply.isNone()) {
            return 0;
        }
        int r = send(unique, reply.error(), reply.body());
        if (r == 0) {
            replies.incrementAndGet();
        } else {
            lostReplies.incrementAndGet();
        }
        return r;
    }

    /** An unsolicited notification ({@code FUSE_NOTIFY_POLL}, ...): unique 0, the code in the error field. */
    public int notify(int code, MemorySegment body) {
        return send(0, code, body);
    }

    private int send(long unique, int error, MemorySegment body) {
        long len = OUT_HEADER + body.byteSize();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment out = a.allocate(len, 8);
            fuse_out_header.len(out, (int) len);
            fuse_out_header.error(out, error);
            fuse_out_header.unique(out, unique);
            MemorySegment.copy(body, 0, out, OUT_HEADER, body.byteSize());
            int raw;
            try {
                raw = fd.raw();
            } catch (IllegalStateException closed) {
                return Errno.EBADF.negative();
            }
            long w = Sys.write(raw, out);
            if (w < 0) {
                return (int) w;
            }
            return w == len ? 0 : Errno.EIO.negative();
        }
    }

    /** Replies the kernel took. */
    public long replies() {
        return replies.get();
    }

    /** Replies the kernel refused (ENOENT: the request was gone). */
    public long lostReplies() {
        return lostReplies.get();
    }
}
