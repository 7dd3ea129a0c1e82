package dev.revoke.tty.ldisc;

/**
 * Told when typed input raises a signal. Called on the thread that delivered
 * the input, after the line discipline has finished with it and let go of its
 * lock, so the listener may call back into the tty.
 */
@FunctionalInterface
public interface SignalListener {
    SignalListener IGNORE = signal -> { };

    void raised(TtySignal signal);
}
