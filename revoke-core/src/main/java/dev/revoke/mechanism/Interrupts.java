package dev.revoke.mechanism;

import java.util.concurrent.CountDownLatch;

/**
 * Revocation must finish once started: an interrupt cannot abandon a drain
 * or a release half way, so waits swallow it and restore the flag after.
 */
final class Interrupts {
    static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private Interrupts() {}
}
