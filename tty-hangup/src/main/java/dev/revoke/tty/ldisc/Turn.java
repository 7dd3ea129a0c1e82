package dev.revoke.tty.ldisc;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Taking a turn among blocking readers (or writers) of one tty, as Linux
 * serialises them with a mutex held across the sleep. With O_NONBLOCK a busy
 * turn is {@code -EAGAIN}; otherwise the wait for it is bounded by the
 * caller's deadline and ends on interrupt. A revocation needs no special
 * case: it wakes the holder, which gives the turn up on its way out, and the
 * next taker's own sleep returns at once.
 */
final class Turn {
    private Turn() {
    }

    /** 0 if the turn is taken; {@code -EAGAIN} or {@code -EINTR} if not. */
    static int take(ReentrantLock turn, boolean nonblock, Deadline deadline) {
        if (nonblock) {
            return turn.tryLock() ? 0 : NTty.EAGAIN;
        }
        try {
            if (deadline.unbounded()) {
                turn.lockInterruptibly();
                return 0;
            }
            return turn.tryLock(deadline.remaining(), TimeUnit.NANOSECONDS) ? 0 : NTty.EAGAIN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NTty.EINTR;
        }
    }
}
