package dev.revoke.tty;

import dev.revoke.kernel.Signal;
import dev.revoke.mechanism.InUse;
import dev.revoke.mechanism.Revokable;
import dev.revoke.mechanism.WaitQueue;
import dev.revoke.tty.ldisc.NTty;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * One life of a {@link Tty}, from its creation or the first open after a
 * hangup to its next hangup: the {@link Revokable} every ordinary file of
 * that life is attached to, and the line discipline they share. A hangup
 * revokes the generation; it never comes back, and the next open starts a
 * new one (a fresh revokable, a fresh N_TTY with the driver's default
 * settings), as Linux kills the line discipline at a hangup and builds a
 * new one at the next open.
 *
 * <p>Sleepers. The files' blocking calls sleep in the line discipline on
 * the revokable's wait queue, which the revocation wakes. The kick wakes the
 * driver side too (a pty master blocked on a line discipline that just
 * died), and opens {@link #killed}, which a TIOCVHANGUP issued from inside
 * one of the generation's own methods waits for.
 */
final class Generation {
    final int number;
    final Revokable revokable;
    final NTty ldisc;
    /** Opened by the kick, which the mechanism runs once new calls are refused. */
    final CountDownLatch killed = new CountDownLatch(1);
    /** Completed when the hangup of this generation is over; later hangups of it wait here. */
    final CompletableFuture<HangupReport> hungUp = new CompletableFuture<>();

    /** Set (under the tty's lock) when a hangup claims this generation; from then on new opens go elsewhere. */
    volatile boolean hupping;
    /** Console files held the tty at the hangup: each hung-up file's release closes it in the driver. */
    volatile boolean closeOnRelease;

    Generation(Tty tty, int number, Termios termios, TtyDriver driver) {
        this.number = number;
        this.revokable = Revokable.create("tty " + tty.name() + " #" + number, InUse.Kind.BIASED, r -> {
            killed.countDown();
            driver.wakeup(tty);
        });
        WaitQueue queue = revokable.waitQueue();
        this.ldisc = new NTty(termios, () -> {
            queue.wakeAll();
            driver.wakeup(tty);
        });
        ldisc.setSignalListener(s -> tty.control().signalForeground(Signal.valueOf(s.name())));
    }

    WaitQueue queue() {
        return revokable.waitQueue();
    }

    @Override
    public String toString() {
        return revokable.toString();
    }
}
