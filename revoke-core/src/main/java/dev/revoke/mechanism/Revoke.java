package dev.revoke.mechanism;

/**
 * The per-open-file half of the mechanism: Viro's {@code struct revoke},
 * the object behind {@code file->f_revoke}.
 *
 * <p>It holds no per-call state. {@link #startUsing()} and
 * {@link #stopUsing()} go straight to the resource's {@link InUse}, which
 * finds whatever it needs from the calling thread, so any number of threads
 * may use one open file at once.
 *
 * <p>Exactly-once release. Whoever sets {@code closing} first, under the
 * resource's lock, runs {@code release}: the last close through
 * {@link #releaseRevoke()}, or the revocation. The other waits for that
 * release to finish, so neither returns while it is still running. The
 * {@code revokable} slot is cleared only after the release, and every caller
 * re-reads it rather than keeping a copy (the lesson of the use-after-free
 * bugs B4/B5 of the reverted {@code revocable}).
 */
public final class Revoke {
    private final Releasable file;
    private final Revokable resource;
    /** Viro's RCU-protected pointer: non-null until the file is released. */
    private volatile Revokable revokable;

    // Guarded by resource.lock.
    boolean closing;
    boolean released;
    boolean releasedByRevoke;
    Revoke prev;
    Revoke next;

    private Revoke(Releasable file, Revokable resource) {
        this.file = file;
        this.resource = resource;
        this.revokable = resource;
    }

    /**
     * {@code make_revokable}: attaches an open file to a resource. The last
     * step of an open: once this returns, a revocation may release the file
     * at any moment, so the caller must touch nothing of it afterwards
     * (Viro's point 1).
     *
     * @throws ResourceGoneException if the resource is already going away;
     *         nothing is attached and nothing needs undoing
     */
    public static Revoke makeRevokable(Releasable file, Revokable resource) throws ResourceGoneException {
        InUse inUse = resource.inUse();
        if (!inUse.tryEnter()) {
            throw new ResourceGoneException(resource);
        }
        try {
            Revoke r = new Revoke(file, resource);
            resource.lock.lock();
            try {
                resource.attach(r);
            } finally {
                resource.lock.unlock();
            }
            return r;
        } finally {
            inUse.exit();
        }
    }

    /**
     * {@code start_using}: call before every method but release. False
     * means the file is revoked (or being revoked): do not call the method,
     * return the filesystem's value for a revoked file instead.
     */
    public boolean startUsing() {
        return enter() != null;
    }

    /** {@code stop_using}: call after a method that {@link #startUsing()} let run. */
    public void stopUsing() {
        resource.inUse().exit();
    }

    /**
     * {@link #startUsing()} for the gate: returns a token to hand to
     * {@link #stopUsing(Object)} on the same thread, or null if the file is
     * revoked. The token stays on the caller's stack (see {@link InUse#enter()}),
     * so the exit does not look up again what the entry already found.
     */
    public Object enter() {
        Revokable r = revokable;
        return r == null ? null : r.inUse().enter();
    }

    /** {@link #stopUsing()} with the token {@link #enter()} returned. */
    public void stopUsing(Object token) {
        resource.inUse().exit(token);
    }

    /**
     * {@code release_revoke}: what the last close calls instead of
     * {@code release}. Releases the file unless a revocation has or is
     * doing so, and in every case returns only when the release is over.
     *
     * @throws ReleaseFailedException if this call ran the release and it threw;
     *         the file still counts as released
     */
    public void releaseRevoke() {
        Revokable r = revokable;
        if (r == null) {
            return;
        }
        r.lock.lock();
        try {
            if (released) {
                return;
            }
            if (closing) {
                while (!released) {
                    r.changed.awaitUninterruptibly();
                }
                return;
            }
            closing = true;
        } finally {
            r.lock.unlock();
        }
        Throwable failure = runRelease();
        r.lock.lock();
        try {
            finishRelease(r, false);
        } finally {
            r.lock.unlock();
        }
        if (failure != null) {
            throw new ReleaseFailedException(failure);
        }
    }

    /** Runs the file's release; a throw is returned, not propagated, so bookkeeping always completes. */
    Throwable runRelease() {
        try {
            file.release();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** Under the resource's lock: the release is over. */
    void finishRelease(Revokable r, boolean byRevoke) {
        r.detach(this);
        released = true;
        releasedByRevoke = byRevoke;
        revokable = null;
        r.changed.signalAll();
    }

    /** The resource this file was attached to. */
    public Revokable resource() {
        return resource;
    }

    /** True once the file's release has completed, by close or by revocation. */
    public boolean isReleased() {
        return revokable == null;
    }

    /** True if the file was released by a revocation rather than by its last close. */
    public boolean wasRevoked() {
        resource.lock.lock();
        try {
            return releasedByRevoke;
        } finally {
            resource.lock.unlock();
        }
    }
}
