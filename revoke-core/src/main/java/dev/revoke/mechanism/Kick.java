package dev.revoke.mechanism;

/**
 * Ends the indefinite waits of threads sleeping inside methods of a
 * resource's files (Viro's point 3), for sleepers that do not sleep on the
 * resource's {@link WaitQueue}: a thread blocked in a real {@code poll(2)}
 * is woken by writing to an eventfd, say. Called once per revocation, after
 * new entries have been stopped, and may be called while sleepers are still
 * on their way to sleep: sleepers must re-check {@link Revokable#isDying()}
 * after arming whatever the kick triggers.
 */
@FunctionalInterface
public interface Kick {
    void kick(Revokable resource);
}
