package dev.revoke.mechanism;

import java.util.concurrent.atomic.AtomicInteger;

/** An open file for tests: counts its releases and can be told to throw or block in one. */
final class TestFile implements Releasable {
    final AtomicInteger releases = new AtomicInteger();
    volatile Runnable duringRelease = () -> {};
    volatile RuntimeException failure;
    Revoke revoke;

    static TestFile open(Revokable r) throws ResourceGoneException {
        TestFile f = new TestFile();
        f.revoke = Revoke.makeRevokable(f, r);
        return f;
    }

    @Override
    public void release() {
        releases.incrementAndGet();
        duringRelease.run();
        if (failure != null) {
            throw failure;
        }
    }

    /** Runs {@code method} between startUsing and stopUsing, as the syscall gate does. */
    boolean call(Runnable method) {
        if (!revoke.startUsing()) {
            return false;
        }
        try {
            method.run();
        } finally {
            revoke.stopUsing();
        }
        return true;
    }
}
