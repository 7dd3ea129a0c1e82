package dev.revoke.tty.ldisc;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Threads for blocking calls, and a wait for one to be asleep rather than merely about to sleep. */
final class Threads {
    private Threads() {
    }

    record Call<T>(Thread thread, CompletableFuture<T> result) {
        T get() throws Exception {
            return result.get(5, TimeUnit.SECONDS);
        }
    }

    static <T> Call<T> start(String name, Callable<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().daemon().name(name).start(() -> {
            try {
                f.complete(body.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return new Call<>(t, f);
    }

    /** Waits until {@code t} is parked (asleep in a wait queue or on a lock), failing after 5 s. */
    static void awaitParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            Thread.State s = t.getState();
            if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
                return;
            }
            if (s == Thread.State.TERMINATED) {
                fail(t.getName() + " returned instead of blocking");
            }
            Thread.sleep(1);
        }
        fail(t.getName() + " never blocked; state " + t.getState());
    }
}
