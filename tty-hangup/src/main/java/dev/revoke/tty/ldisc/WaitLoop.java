package dev.revoke.tty.ldisc;

import dev.revoke.mechanism.WaitQueue;
import dev.revoke.mechanism.WaitQueue.Wake;

/**
 * The blocking forms of write (tty side) and of the driver's receive and
 * drain: try the non-blocking primitive, and sleep on the caller's queue
 * until its readiness test holds. A sleep ended by revocation, interrupt or
 * the caller's timeout returns the bytes already moved if there are any,
 * else {@link NTty#REVOKED}, {@code -EINTR} or {@code -EAGAIN}.
 */
final class WaitLoop {
    private WaitLoop() {
    }

    /** The tty's write(2): all of it, or (O_NONBLOCK) what fits. */
    static int writeAll(NTty tty, WaitQueue q, byte[] b, int off, int len, boolean nonblock, long timeoutNanos) {
        if (len == 0) {
            return 0;
        }
        Deadline deadline = Deadline.in(timeoutNanos);
        int turn = Turn.take(tty.writeTurn(), nonblock, deadline);
        if (turn < 0) {
            return turn;
        }
        try {
            int done = 0;
            while (true) {
                int r = tty.writeNow(b, off + done, len - done);
                if (r > 0) {
                    done += r;
                }
                if (done == len) {
                    return done;
                }
                if (nonblock) {
                    return done > 0 ? done : NTty.EAGAIN;
                }
                int next = b[off + done];
                Wake w = q.await(() -> tty.writeReady(next), deadline.remaining());
                if (w != Wake.READY) {
                    return done > 0 ? done : failure(w);
                }
            }
        } finally {
            tty.writeTurn().unlock();
        }
    }

    /** The master's write(2): all of it into the receive buffer, or (O_NONBLOCK) what fits. */
    static int receiveAll(NTty tty, WaitQueue q, byte[] b, int off, int len, boolean nonblock, long timeoutNanos) {
        Deadline deadline = Deadline.in(timeoutNanos);
        int done = 0;
        while (done < len) {
            done += tty.receive(b, off + done, len - done);
            if (done == len) {
                break;
            }
            if (nonblock) {
                return done > 0 ? done : NTty.EAGAIN;
            }
            Wake w = q.await(tty::receiveReady, deadline.remaining());
            if (w != Wake.READY) {
                return done > 0 ? done : failure(w);
            }
        }
        return done;
    }

    /** The master's read(2): returns as soon as there is at least one byte. */
    static int drainSome(NTty tty, WaitQueue q, byte[] b, int off, int len, boolean nonblock, long timeoutNanos) {
        if (len == 0) {
            return 0;
        }
        Deadline deadline = Deadline.in(timeoutNanos);
        while (true) {
            int n = tty.drainOutput(b, off, len);
            if (n > 0) {
                return n;
            }
            if (nonblock) {
                return NTty.EAGAIN;
            }
            Wake w = q.await(tty::outputReady, deadline.remaining());
            if (w != Wake.READY) {
                return failure(w);
            }
        }
    }

    private static int failure(Wake w) {
        return switch (w) {
            case REVOKED -> NTty.REVOKED;
            case INTERRUPTED -> NTty.EINTR;
            case TIMED_OUT -> NTty.EAGAIN;
            case READY -> throw new IllegalArgumentException("not a failure: " + w);
        };
    }
}
