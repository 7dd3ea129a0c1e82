package dev.revoke.tty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.revoke.kernel.Process;
import dev.revoke.panama.Errno;
import dev.revoke.vfs.Abi;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Viro's question 5 under load: openers, users and closers of a tty race a
 * thread that keeps hanging it up. Every open ends attached to exactly one
 * generation: released exactly once, by its close or by a hangup, and the
 * counts come back to zero.
 */
class OpenRacingHangupTest {
    private static final int OPENERS = 3;
    private static final int OPENS_EACH = 4000;

    @Test
    void opensRacingHangupsAreEachReleasedOnce() throws Exception {
        TtySystem sys = new TtySystem();
        TtyLayer.Terminal term = sys.terminal();
        Tty tty = term.tty();
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger sawHungUp = new AtomicInteger();
        List<CompletableFuture<Void>> openers = new ArrayList<>();
        for (int t = 0; t < OPENERS; t++) {
            Process p = sys.kernel.spawn("opener" + t, 0);
            openers.add(CompletableFuture.runAsync(() -> {
                byte[] buf = new byte[8];
                for (int i = 0; i < OPENS_EACH; i++) {
                    int fd = (int) p.open(term.slavePath(), Abi.O_RDWR | Abi.O_NOCTTY | Abi.O_NONBLOCK);
                    if (fd < 0) {
                        throw new AssertionError("open: " + Errno.nameOf(-fd));
                    }
                    opened.incrementAndGet();
                    long r = p.read(fd, buf);
                    long w = p.write(fd, buf, 0, 1);
                    if (r == 0 && w == Errno.EIO.negative()) {
                        sawHungUp.incrementAndGet();
                    } else if (r != Errno.EAGAIN.negative() && r != 0) {
                        throw new AssertionError("read " + r);
                    }
                    p.close(fd);
                }
            }, runnable -> Thread.ofPlatform().daemon().start(runnable)));
        }
        AtomicInteger hangups = new AtomicInteger();
        CompletableFuture<Void> hanger = CompletableFuture.runAsync(() -> {
            while (!done.get()) {
                if (hangups.getAndIncrement() % 2 == 0) {
                    tty.vhangup();
                } else {
                    tty.hangup().join();
                }
                Thread.onSpinWait();
            }
        }, runnable -> Thread.ofPlatform().daemon().start(runnable));
        CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> {
            while (!done.get()) {
                term.screen(); // keep the output queue from filling
            }
        }, runnable -> Thread.ofPlatform().daemon().start(runnable));

        CompletableFuture.allOf(openers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        done.set(true);
        hanger.get(10, TimeUnit.SECONDS);
        drain.get(10, TimeUnit.SECONDS);

        Tty.Counters c = tty.counters();
        System.out.println("opens " + opened.get() + ", of which found hung up " + sawHungUp.get() + "; hangups "
                + c.hangups() + ", generations " + tty.generationNumber() + "; driver closes " + c.driverCloses()
                + "; attaches retried after losing to a hangup " + (c.driverOpens() - opened.get()));
        assertEquals(OPENERS * OPENS_EACH, opened.get());
        assertEquals(opened.get(), c.releases(), "every file released exactly once, by its close or by a hangup");
        assertTrue(c.driverOpens() >= opened.get(), "an attach that lost to a hangup was undone and retried");
        assertEquals(0, tty.openCount());
        assertEquals(0, tty.attachedCount());
        assertTrue(c.hangups() > 10, "the race was run: " + c.hangups() + " hangups");
    }
}
