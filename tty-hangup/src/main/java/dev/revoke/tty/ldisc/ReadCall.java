package dev.revoke.tty.ldisc;

import dev.revoke.mechanism.WaitQueue;
import dev.revoke.mechanism.WaitQueue.Wake;
import dev.revoke.tty.Termios;

/**
 * One blocking read(2) of the tty, with POSIX's VMIN/VTIME rules as N_TTY
 * applies them. The settings are read once, when the read starts.
 *
 * <ul>
 * <li>canonical: the first line (or EOF) that is there, then return;
 * <li>MIN&gt;0, TIME=0: sleep until MIN bytes have come (or the buffer is full);
 * <li>MIN=0, TIME&gt;0: sleep at most TIME tenths of a second for the first byte;
 *     return whatever is there, 0 if the time ran out;
 * <li>MIN&gt;0, TIME&gt;0: sleep without limit for the first byte, then until MIN,
 *     but at most TIME tenths after the last byte arrived;
 * <li>MIN=0, TIME=0: never sleep; 0 if nothing is there, even with O_NONBLOCK.
 * </ul>
 *
 * A timer that runs out is checked before O_NONBLOCK, so MIN=0 TIME=0 never
 * answers {@code -EAGAIN}; every other mode does when it would sleep.
 */
final class ReadCall {
    private static final long TENTH_OF_A_SECOND = 100_000_000L;

    private final NTty tty;
    private final WaitQueue queue;
    private final boolean nonblock;
    private final Deadline callerDeadline;

    ReadCall(NTty tty, WaitQueue queue, boolean nonblock, long timeoutNanos) {
        this.tty = tty;
        this.queue = queue;
        this.nonblock = nonblock;
        this.callerDeadline = Deadline.in(timeoutNanos);
    }

    int run(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int turn = Turn.take(tty.readTurn(), nonblock, callerDeadline);
        if (turn < 0) {
            return turn;
        }
        try {
            return readHoldingTurn(b, off, len);
        } finally {
            tty.readTurn().unlock();
        }
    }

    private int readHoldingTurn(byte[] b, int off, int len) {
        Termios t = tty.termios();
        int min = t.cc(Termios.VMIN);
        int time = t.cc(Termios.VTIME);
        int minimum;
        long interByte = -1;
        Deadline timer = Deadline.NONE;
        if (t.local(Termios.ICANON)) {
            minimum = 0;
        } else if (min > 0) {
            minimum = min;
            if (time > 0) {
                interByte = time * TENTH_OF_A_SECOND;
            }
        } else {
            minimum = 1;
            timer = Deadline.in(time * TENTH_OF_A_SECOND);
        }

        int got = 0;
        int failure = 0;
        while (got < len) {
            int r = tty.readNow(b, off + got, len - got);
            if (r != NTty.EAGAIN) {
                got += r;
                if (got >= minimum) {
                    break;
                }
                if (interByte > 0) {
                    timer = Deadline.in(interByte);
                }
                continue;
            }
            if (timer.passed()) {
                break;
            }
            if (nonblock) {
                failure = NTty.EAGAIN;
                break;
            }
            Wake w = queue.await(tty::readReady, timer.min(callerDeadline).remaining());
            if (w == Wake.READY) {
                continue;
            }
            if (w == Wake.TIMED_OUT) {
                if (callerDeadline.passed() && !timer.passed()) {
                    failure = NTty.EAGAIN;
                    break;
                }
                continue;
            }
            failure = w == Wake.REVOKED ? NTty.REVOKED : NTty.EINTR;
            break;
        }
        return got > 0 ? got : failure;
    }
}
