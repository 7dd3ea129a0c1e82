package dev.revoke.mechanism;

/**
 * The read side of a {@link Revokable}: how many threads are inside file
 * methods, and whether the resource is going away.
 *
 * <p>Two implementations keep the same contract. {@link BiasedCounter} is
 * Viro's and procfs's single counter, made negative by a large bias when the
 * resource goes away. {@link StripedCounter} gives each thread its own cell
 * and a separate dead flag, the percpu_ref/SRCU idea, so concurrent readers
 * of one resource do not share a cache line.
 *
 * <p>The contract, in the order a revocation uses it:
 * <ol>
 * <li>{@link #tryEnter} succeeds only while the resource is live; a failed
 *     entry leaves no trace.
 * <li>{@link #exit} undoes exactly one successful entry by the same thread.
 *     It keeps no state from the entry: whatever it needs it finds again
 *     from the current thread, so two threads sharing one open file cannot
 *     overwrite each other's state (bug B1 of the reverted {@code revocable}).
 * <li>{@link #kill} is called once, by the first revoker; from then on every
 *     entry fails.
 * <li>{@link #awaitDrained} returns once every entry made before the kill
 *     has exited.
 * </ol>
 */
public sealed interface InUse permits BiasedCounter, StripedCounter {

    /** {@code start_using}: true if the caller may run a method. */
    boolean tryEnter();

    /** {@code stop_using}: leaves after a successful {@link #tryEnter}. */
    void exit();

    /**
     * {@link #tryEnter} that hands the caller a token for {@link #exit(Object)},
     * or null if refused. The token is whatever the exit would otherwise
     * have to find again from the current thread (its own cell, its stack of
     * resources); it lives on the caller's stack for one call and is never
     * stored in anything shared, so it is not the per-call state in a shared
     * handle that bug B1 was. It saves the exit one lookup.
     */
    Object enter();

    /** Leaves after a successful {@link #enter()}, on the same thread, with its token. */
    void exit(Object token);

    /** Stops new entries. Called once per resource, by the first revoker. */
    void kill();

    /** True once {@link #kill} has run. Sticky. */
    boolean isKilled();

    /** Waits until no thread that entered before the kill is still inside. */
    void awaitDrained();

    /** True if the current thread is inside a method of this resource. */
    boolean heldByCurrentThread();

    /** Which read side a {@link Revokable} uses. */
    enum Kind {
        BIASED, STRIPED;

        InUse create() {
            return this == BIASED ? new BiasedCounter() : new StripedCounter();
        }
    }
}
