package dev.revoke.mechanism;

import static dev.revoke.mechanism.Latches.await;
import static dev.revoke.mechanism.Latches.awaitBlocked;
import static dev.revoke.mechanism.Latches.join;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One test per guarantee of the mechanism, each written so that it fails
 * (or hangs past its latch timeout) if the guarantee breaks. Every test runs
 * on both read sides.
 */
class RevokeGuaranteesTest {

    private static Revokable resource(InUse.Kind kind) {
        return Revokable.create("test", kind, null);
    }

    private static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.start();
        return t;
    }

    // 1. After revokeIt returns, no method runs or will run, and every release is done.
    @ParameterizedTest
    @EnumSource(InUse.Kind.class)
    void revokeWaitsForMethodsInFlightThenReleasesEveryFile(InUse.Kind kind) throws Exception {
        Revokable r = resource(kind);
        List<TestFile> files = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            files.add(TestFile.open(r));
        }
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        AtomicBoolean methodRunning = new AtomicBoolean();
        Thread user = start("user", () -> files.get(2).call(() -> {
            methodRunning.set(true);
            inside.countDown();
            await(leave);
            methodRunning.set(false);
        }));
        await(inside);

        AtomicReference<RevokeReport> report = new AtomicReference<>();
        Thread revoker = start("revoker", () -> report.set(r.revokeIt()));
        awaitBlocked(revoker);
        assertTrue(revoker.isAlive(), "revoke returned while a method was still running");
        assertEquals(0, files.stream().mapToInt(f -> f.releases.get()).sum(), "released a file whose method was running");

        leave.countDown();
        join(revoker);
        join(user);
        assertFalse(methodRunning.get());
        for (TestFile f : files) {
            assertEquals(1, f.releases.get());
            assertTrue(f.revoke.isReleased());
            assertTrue(f.revoke.wasRevoked());
            assertFalse(f.call(() -> { throw new AssertionError("method ran after revoke"); }));
        }
        assertEquals(5, report.get().released());
        assertEquals(0, r.attachedCount());
        assertTrue(r.isRevoked());
    }

    // 2. Release exactly once: close first, revoke arriving during its release.
    @ParameterizedTest
    @EnumSource(InUse.Kind.class)
    void revokeWaitsForARacingCloseAndDoesNotReleaseAgain(InUse.Kind kind) throws Exception {
        Revokable r = resource(kind);
        TestFile f = TestFile.open(r);
        CountDownLatch inRelease = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        f.duringRelease = () -> { inRelease.countDown(); await(finish); };

        Thread closer = start("closer", f.revoke::releaseRevoke);
        await(inRelease);
        AtomicReference<RevokeReport> report = new AtomicReference<>();
        Thread revoker = start("revoker", () -> report.set(r.revokeIt()));
        awaitBlocked(revoker);
        assertTrue(revoker.isAlive(), "revoke returned before the racing close's release finished");
        finish.countDown();
        join(closer);
        join(revoker);
        assertEquals(1, f.releases.get());
        assertEquals(0, report.get().released(), "the close released it, not the revoke");
        assertFalse(f.revoke.wasRevoked());
    }

    // 2. Release exactly once: revoke first, close arriving during its release.
    @ParameterizedTest
    @EnumSource(InUse.Kind.class)
    void closeWaitsForARacingRevokeAndDoesNotReleaseAgain(InUse.Kind kind) throws Exception {
        Revokable r = resource(kind);
        TestFile f = TestFile.open(r);
        CountDownLatch inRelease = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        f.duringRelease = () -> { inRelease.countDown(); await(finish); };

        Thread revoker = start("revoker", r::revokeIt);
        await(inRelease);
        Thread closer = start("closer", f.revoke::releaseRevoke);
        awaitBlocked(closer);
        assertTrue(closer.isAlive(), "close returned before the revoke's release finished");
        finish.countDown();
        join(revoker);
        join(closer);
        assertEquals(1, f.releases.get());
        assertTrue(f.revoke.wasRevoked());
        f.revoke.releaseRevoke();
        assertEquals(1, f.releases.get(), "a close after the revoke released again");
    }

    // 3. makeRevokable on a resource going away fails and leaves nothing behind.
    @ParameterizedTest
    @EnumSource(InUse.Kind.class)
    void makeRevokableFailsOnceRevocationStarted(InUse.Kind kind) throws Exception {
        Revokable r = resource(kind);
        TestFile held = TestFile.open(r);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        Thread user = start("user", () -> held.call(() -> { inside.countDown(); await(leave); }));
        await(inside);
        Thread revoker = start("revoker", r::revokeIt);
        while (!r.isDying()) {
            Thread.onSpinWait();
        }
        TestFile late = new TestFile();
        assertThrows(ResourceGoneException.class, () -> Revoke.makeRevokable(late, r));
        assertEquals(1, r.attachedCount(), "the failed open left something attached");
        leave.countDown();
        join(user);
        join(revoker);
        assertEquals(0, late.releases.get());
        assertEquals(1, held.releases.get());
        assertThrows(ResourceGoneException.class, () -> Revoke.makeRevokable(new TestFile(), r));
        assertEquals(0, r.attachedCount());
        if (r.inUse() instanceof BiasedCounter b) {
            assertEquals(BiasedCounter.BIAS, b.count(), "failed entries leaked into the count");
        }
    }

    // 4. Bug B1: two threads on one open file, a revoke forced between their entries.
    @ParameterizedTest
    @EnumSource(InUse.Kind.class)
    void twoThreadsOnOneFileWithARevokeBetweenTheirEntriesDoNotHangIt(InUse.Kind kind) throws Exception {
        Revokable r = resource(kind);
        TestFile shared = TestFile.open(r);
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch firstLeave = new CountDownLatch(1);
        Thread first = start("first", () -> shared.call(() -> { firstInside.countDown(); await(firstLeave); }));
        await(firstInside);

        Thread revoker = start("revoker", r::revokeIt);
        while (!r.isDying()) {
            Thread.onSpinWait();
        }
        AtomicBoolean secondRan = new AtomicBoolean(true);
        Thread second = start("second", () -> secondRan.set(shared.call(() -> {})));
        join(second);
        assertFalse(secondRan.get(), "a method started after the revoke began");
        assertTrue(revoker.isAlive(), "revoke finished while the first thread was still inside");

        firstLeave.countDown();
        join(first);
        join(revoker);
        assertEquals(1, shared.releases.get());
    }

    // 5. Bug B2: the kick is not lost when it lands between startUsing and the sleep.
    @ParameterizedTest
    @EnumSource(InUse.Kind.class)
    void aKickBeforeTheSleeperSleepsIsNotLost(InUse.Kind kind) throws Exception {
        CountDownLatch kicked = new CountDownLatch(1);
        Revokable r = Revokable.create("window", kind, res -> kicked.countDown());
        TestFile f = TestFile.open(r);
        CountDownLatch passedStart = new CountDownLatch(1);
        AtomicReference<WaitQueue.Wake> wake = new AtomicReference<>();
        Thread sleeper = start("sleeper", () -> f.call(() -> {
            passedStart.countDown();
            await(kicked);               // the whole kick happens in this window
            wake.set(r.waitQueue().await(() -> false, -1));
        }));
        await(passedStart);
        Thread revoker = start("revoker", r::revokeIt);
        join(sleeper);
        join(revoker);
        assertEquals(WaitQueue.Wake.REVOKED, wake.get());
        assertEquals(1, f.releases.get());
    }

    // 6. revokeIt from inside a method is refused; revokeAsync does it.
    @ParameterizedTest
    @EnumSource(InUse.Kind.class)
    void revokeFromInsideAMethodIsRefusedAndRevokeAsyncWorks(InUse.Kind kind) throws Exception {
        Revokable r = resource(kind);
        TestFile f = TestFile.open(r);
        AtomicReference<Throwable> refused = new AtomicReference<>();
        AtomicReference<java.util.concurrent.CompletableFuture<RevokeReport>> async = new AtomicReference<>();
        assertTrue(f.call(() -> {
            try {
                r.revokeIt();
            } catch (Throwable t) {
                refused.set(t);
            }
            async.set(r.revokeAsync());
        }));
        assertInstanceOf(SelfRevokeException.class, refused.get());
        RevokeReport report = async.get().get(10, TimeUnit.SECONDS);
        assertEquals(1, report.released());
        assertEquals(1, f.releases.get());
    }

    // 7. Two concurrent revokeIt: both return after completion; the count never wraps.
    @ParameterizedTest
    @EnumSource(InUse.Kind.class)
    void concurrentRevokesBothWaitForCompletionAndBiasOnce(InUse.Kind kind) throws Exception {
        Revokable r = resource(kind);
        TestFile f = TestFile.open(r);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch leave = new CountDownLatch(1);
        Thread user = start("user", () -> f.call(() -> { inside.countDown(); await(leave); }));
        await(inside);
        AtomicReference<RevokeReport> a = new AtomicReference<>();
        AtomicReference<RevokeReport> b = new AtomicReference<>();
        Thread ra = start("revoker-a", () -> a.set(r.revokeIt()));
        Thread rb = start("revoker-b", () -> b.set(r.revokeIt()));
        awaitBlocked(ra);
        awaitBlocked(rb);
        assertTrue(ra.isAlive() && rb.isAlive(), "a revoker returned before the drain");
        leave.countDown();
        join(ra);
        join(rb);
        join(user);
        assertSame(a.get(), b.get());
        assertEquals(1, f.releases.get());
        assertFalse(f.call(() -> {}), "entry allowed after a double revoke: the count wrapped");
        assertSame(a.get(), r.revokeIt(), "a later revoke returns the same report");
        if (r.inUse() instanceof BiasedCounter c) {
            assertEquals(BiasedCounter.BIAS, c.count());
        }
    }

    // 8. A release that throws still counts; revoke completes and reports it.
    @ParameterizedTest
    @EnumSource(InUse.Kind.class)
    void aThrowingReleaseCountsAsReleasedAndIsReported(InUse.Kind kind) throws Exception {
        Revokable r = resource(kind);
        TestFile bad = TestFile.open(r);
        TestFile good = TestFile.open(r);
        bad.failure = new IllegalStateException("driver bug");
        RevokeReport report = r.revokeIt();
        assertEquals(2, report.released());
        assertEquals(1, report.failures().size());
        assertSame(bad.failure, report.failures().get(0));
        assertEquals(1, bad.releases.get());
        assertEquals(1, good.releases.get());
        assertTrue(bad.revoke.isReleased());
        bad.revoke.releaseRevoke();
        assertEquals(1, bad.releases.get());

        Revokable r2 = resource(kind);
        TestFile closing = TestFile.open(r2);
        closing.failure = new IllegalStateException("close bug");
        ReleaseFailedException e = assertThrows(ReleaseFailedException.class, closing.revoke::releaseRevoke);
        assertSame(closing.failure, e.getCause());
        assertEquals(0, r2.revokeIt().released(), "the failed close still counts as released");
        assertEquals(1, closing.releases.get());
    }

    // 8. A kick that throws is reported like a release that throws: the
    // revocation still drains and releases, and a later revokeIt does not
    // wait for a completion that would never come.
    @ParameterizedTest
    @EnumSource(InUse.Kind.class)
    void aThrowingKickIsReportedAndTheRevocationStillCompletes(InUse.Kind kind) throws Exception {
        IllegalStateException bug = new IllegalStateException("kick bug");
        Revokable r = Revokable.create("test", kind, res -> { throw bug; });
        TestFile f = TestFile.open(r);
        Thread sleeper = start("sleeper", () -> f.call(() -> r.waitQueue().await(() -> false, -1)));
        awaitBlocked(sleeper);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread revoker = start("revoker", () -> {
            try {
                outcome.set(r.revokeIt());
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        join(revoker);
        join(sleeper);
        RevokeReport report = assertInstanceOf(RevokeReport.class, outcome.get(), "the kick's exception escaped revokeIt");
        assertEquals(List.of(bug), report.failures());
        assertEquals(1, report.released());
        assertEquals(1, f.releases.get());
        assertTrue(r.isRevoked());
        Thread again = start("again", r::revokeIt);
        join(again);
    }

    @ParameterizedTest
    @EnumSource(InUse.Kind.class)
    void aThrowingWaitEntryDoesNotKeepTheOthersAsleep(InUse.Kind kind) throws Exception {
        IllegalStateException bug = new IllegalStateException("wake bug");
        Revokable r = resource(kind);
        AtomicInteger woken = new AtomicInteger();
        r.waitQueue().add(() -> { throw bug; });
        r.waitQueue().add(woken::incrementAndGet);
        RevokeReport report = assertDoesNotThrow(() -> r.revokeIt());
        assertEquals(1, woken.get(), "an entry after the throwing one was not woken");
        assertEquals(List.of(bug), report.failures());
        assertTrue(r.isRevoked());
    }

    @ParameterizedTest
    @EnumSource(InUse.Kind.class)
    void aThrowingKickInRevokeAllDoesNotStopTheOtherResources(InUse.Kind kind) throws Exception {
        IllegalStateException bug = new IllegalStateException("kick bug");
        Revokable bad = Revokable.create("bad", kind, res -> { throw bug; });
        Revokable good = resource(kind);
        TestFile f = TestFile.open(good);
        Thread sleeper = start("sleeper", () -> f.call(() -> good.waitQueue().await(() -> false, -1)));
        awaitBlocked(sleeper);
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread revoker = start("revoker", () -> {
            try {
                outcome.set(Revokable.revokeAll(List.of(bad, good)));
            } catch (Throwable t) {
                outcome.set(t);
            }
        });
        join(revoker);
        join(sleeper);
        List<?> reports = assertInstanceOf(List.class, outcome.get(), "the kick's exception escaped revokeAll");
        assertEquals(List.of(bug), ((RevokeReport) reports.get(0)).failures());
        assertTrue(((RevokeReport) reports.get(1)).clean());
        assertTrue(bad.isRevoked() && good.isRevoked());
        assertEquals(1, f.releases.get());
    }

    // 9. The wait primitive: a revocation wakes every sleeper.
    @ParameterizedTest
    @EnumSource(InUse.Kind.class)
    void revokeWakesEverySleeperOnTheWaitQueue(InUse.Kind kind) throws Exception {
        Revokable r = resource(kind);
        int n = 20;
        List<TestFile> files = new ArrayList<>();
        List<Thread> sleepers = new ArrayList<>();
        AtomicInteger revoked = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            TestFile f = TestFile.open(r);
            files.add(f);
            sleepers.add(start("sleeper-" + i, () -> f.call(() -> {
                if (r.waitQueue().await(() -> false, -1) == WaitQueue.Wake.REVOKED) {
                    revoked.incrementAndGet();
                }
            })));
        }
        sleepers.forEach(Latches::awaitBlocked);
        RevokeReport report = r.revokeIt();
        sleepers.forEach(Latches::join);
        assertEquals(n, revoked.get());
        assertEquals(n, report.released());
    }

    @ParameterizedTest
    @EnumSource(InUse.Kind.class)
    void waitQueueWakesOnDataAndTimesOut(InUse.Kind kind) throws Exception {
        Revokable r = resource(kind);
        AtomicBoolean data = new AtomicBoolean();
        assertEquals(WaitQueue.Wake.TIMED_OUT, r.waitQueue().await(data::get, 10, TimeUnit.MILLISECONDS));
        AtomicReference<WaitQueue.Wake> wake = new AtomicReference<>();
        Thread reader = start("reader", () -> wake.set(r.waitQueue().await(data::get, -1)));
        awaitBlocked(reader);
        data.set(true);
        r.waitQueue().wakeAll();
        join(reader);
        assertEquals(WaitQueue.Wake.READY, wake.get());
    }

    @ParameterizedTest
    @EnumSource(InUse.Kind.class)
    void registeredEntriesAreWokenByTheKick(InUse.Kind kind) throws Exception {
        Revokable r = resource(kind);
        AtomicInteger woken = new AtomicInteger();
        WaitQueue.Entry e = woken::incrementAndGet;
        r.waitQueue().add(e);
        r.revokeIt();
        assertEquals(1, woken.get());
        r.waitQueue().remove(e);
    }

    // Unbind: K resources, each with a sleeper, taken down with one kick-and-drain pass.
    @ParameterizedTest
    @EnumSource(InUse.Kind.class)
    void revokeAllTakesDownEveryResourceOfASet(InUse.Kind kind) throws Exception {
        List<Revokable> set = new ArrayList<>();
        List<Thread> sleepers = new ArrayList<>();
        List<TestFile> files = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            Revokable r = resource(kind);
            set.add(r);
            TestFile f = TestFile.open(r);
            files.add(f);
            sleepers.add(start("sleeper-" + i, () -> f.call(() -> r.waitQueue().await(() -> false, -1))));
        }
        sleepers.forEach(Latches::awaitBlocked);
        r0Revoked(set.get(0));
        List<RevokeReport> reports = Revokable.revokeAll(set);
        sleepers.forEach(Latches::join);
        assertEquals(8, reports.size());
        for (int i = 0; i < 8; i++) {
            assertTrue(set.get(i).isRevoked());
            assertEquals(1, files.get(i).releases.get());
        }
    }

    /** One member revoked alone first: revokeAll must wait for it, not bias it twice. */
    private static void r0Revoked(Revokable r) {
        r.revokeIt();
    }
}
