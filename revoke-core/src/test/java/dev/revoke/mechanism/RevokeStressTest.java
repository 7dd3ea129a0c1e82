package dev.revoke.mechanism;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Everything at once, many times: users calling methods (some asleep on the
 * wait queue until a kick), an opener, a closer and revokers, over thousands
 * of short-lived resources. The guarantee tests pin each guarantee down in
 * one chosen interleaving; this test looks for the interleavings nobody
 * thought of, so it checks the guarantees on every cycle rather than a
 * scripted outcome.
 *
 * <p>The files follow the syscall layer's reference discipline in
 * miniature: a call holds a reference, close drops the descriptor's
 * reference, and whoever drops the last one calls {@code releaseRevoke}.
 * That is what makes "a method never runs on a released file" a fair check.
 *
 * <p>A watchdog fails the run, with a thread dump, if one revocation takes
 * more than {@value #REVOKE_LIMIT_SECONDS} s: a lost kick or a drain that
 * never ends shows up as a hang, not as a wrong value.
 */
class RevokeStressTest {
    private static final int USERS = 8;
    private static final int SLOTS = 4;
    /** Resources revoked per read side; {@code -Dstress.cycles=100000} for a long soak. */
    private static final int CYCLES = Integer.getInteger("stress.cycles", 10_000);
    private static final int MIN_CYCLES = Math.min(CYCLES, 200);
    /** On a machine busy enough to hit this, fewer cycles run; the count is printed. */
    private static final long TIME_CAP_NANOS = TimeUnit.SECONDS.toNanos(Integer.getInteger("stress.seconds", 20));
    private static final int REVOKE_LIMIT_SECONDS = 5;
    private static final long REVOKE_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(REVOKE_LIMIT_SECONDS);
    private static final int MAX_FILES_PER_CYCLE = 10;

    @ParameterizedTest
    @EnumSource(InUse.Kind.class)
    void guaranteesHoldOnEveryCycleUnderConcurrentUseOpenCloseAndRevoke(InUse.Kind kind) throws Exception {
        new Run(kind).run();
    }

    /** One resource's life, from creation to the checks after its revocation. */
    static final class Cycle {
        final int id;
        final Revokable resource;
        /** Method bodies of this resource's files now running. */
        final AtomicInteger inside = new AtomicInteger();
        /** Set as soon as a revokeIt (or revokeAll) covering this resource has returned. */
        volatile boolean revokeReturned;
        final AtomicInteger kicks = new AtomicInteger();
        /** Files opened and not known to be closed: what users and the closer pick from. */
        final CopyOnWriteArrayList<StressFile> open = new CopyOnWriteArrayList<>();
        /** Every makeRevokable attempt, successful or not. */
        final ConcurrentLinkedQueue<StressFile> tried = new ConcurrentLinkedQueue<>();
        /** Opens between makeRevokable and recording its outcome. */
        final AtomicInteger pendingOpens = new AtomicInteger();

        Cycle(int id, InUse.Kind kind) {
            this.id = id;
            this.resource = Revokable.create("cycle-" + id, kind, r -> kicks.incrementAndGet());
        }
    }

    /** What became of a makeRevokable attempt. */
    enum Opened { PENDING, YES, NO }

    /** Which threads are revokers: a release they run must find no method running. */
    private static final ThreadLocal<Boolean> REVOKER = ThreadLocal.withInitial(() -> false);

    static final class StressFile implements Releasable {
        final Cycle cycle;
        /** Some releases throw, as a buggy driver's would; the file must still count as released. */
        final boolean throwing;
        /** The descriptor's reference plus one per call in progress. */
        final AtomicInteger refs = new AtomicInteger(1);
        final AtomicBoolean closed = new AtomicBoolean();
        final AtomicInteger releasesStarted = new AtomicInteger();
        final AtomicInteger releasesDone = new AtomicInteger();
        volatile Revoke revoke;
        volatile Opened opened = Opened.PENDING;
        private final Run run;

        StressFile(Run run, Cycle cycle, boolean throwing) {
            this.run = run;
            this.cycle = cycle;
            this.throwing = throwing;
        }

        @Override
        public void release() {
            releasesStarted.incrementAndGet();
            try {
                if (REVOKER.get() && cycle.inside.get() != 0) {
                    run.violation(cycle, "revocation released a file while " + cycle.inside.get() + " method(s) ran");
                }
                // Slow releases widen the window in which a close and a revocation race.
                int p = ThreadLocalRandom.current().nextInt(8);
                if (p == 0) {
                    LockSupport.parkNanos(20_000);
                } else if (p == 1) {
                    Thread.yield();
                }
                if (throwing) {
                    throw new IllegalStateException("release of a throwing file in cycle " + cycle.id);
                }
            } finally {
                releasesDone.incrementAndGet();
            }
        }

        /** fget: a new reference, unless the descriptor is closed. */
        boolean get() {
            if (closed.get()) {
                return false;
            }
            int n;
            do {
                n = refs.get();
                if (n == 0) {
                    return false;
                }
            } while (!refs.compareAndSet(n, n + 1));
            return true;
        }

        /** fput: the last reference releases the file. */
        void put() {
            if (refs.decrementAndGet() == 0) {
                try {
                    revoke.releaseRevoke();
                    run.stats.closeReleases.increment();
                } catch (ReleaseFailedException e) {
                    if (!throwing) {
                        run.violation(cycle, "releaseRevoke failed on a file whose release does not throw: " + e);
                    }
                    run.stats.closeReleases.increment();
                }
            }
        }

        /** close(2): drops the descriptor's reference, once. */
        void close() {
            if (closed.compareAndSet(false, true)) {
                cycle.open.remove(this);
                put();
            }
        }
    }

    static final class Stats {
        final LongAdder calls = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder kickedAwake = new LongAdder();
        final LongAdder timedOut = new LongAdder();
        final LongAdder opens = new LongAdder();
        final LongAdder failedOpens = new LongAdder();
        final LongAdder closeReleases = new LongAdder();
        final LongAdder revokeReleases = new LongAdder();
        final LongAdder selfRevokesRefused = new LongAdder();
        final LongAdder single = new LongAdder();
        final LongAdder doubled = new LongAdder();
        final LongAdder all = new LongAdder();
        volatile long maxRevokeNanos;
    }

    static final class Run {
        final InUse.Kind kind;
        final Stats stats = new Stats();
        final AtomicReferenceArray<Cycle> slots = new AtomicReferenceArray<>(SLOTS);
        final List<Cycle> retired = new ArrayList<>();
        final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        final AtomicBoolean stop = new AtomicBoolean();
        /** Revocations in progress and when each started, for the watchdog. */
        final Map<Thread, Long> revoking = new ConcurrentHashMap<>();
        volatile String hangDump;
        final SynchronousQueue<Runnable> helperTasks = new SynchronousQueue<>();
        int nextId;
        int cycles;

        Run(InUse.Kind kind) {
            this.kind = kind;
        }

        void violation(Cycle c, String what) {
            violations.add(kind + " cycle " + (c == null ? "-" : c.id) + ": " + what
                    + " [" + Thread.currentThread().getName() + "]");
            stop.set(true);
        }

        void run() throws Exception {
            for (int i = 0; i < SLOTS; i++) {
                slots.set(i, newCycle());
            }
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                workers.add(daemon("stress-user-" + i, this::user));
            }
            workers.add(daemon("stress-opener", this::opener));
            workers.add(daemon("stress-closer", this::closer));
            Thread helper = daemon("stress-revoker-2", this::helper);
            Thread watchdog = daemon("stress-watchdog", this::watchdog);
            long start = System.nanoTime();
            Thread coordinator = daemon("stress-revoker-1", this::coordinator);

            while (coordinator.isAlive() && hangDump == null) {
                coordinator.join(50);
            }
            if (hangDump != null) {
                fail("a revocation took longer than " + REVOKE_LIMIT_SECONDS + " s\n" + report() + "\n" + hangDump);
            }
            stop.set(true);
            for (Thread t : workers) {
                t.join(TimeUnit.SECONDS.toMillis(REVOKE_LIMIT_SECONDS));
                if (t.isAlive()) {
                    fail(t.getName() + " did not stop: it hangs\n" + report() + "\n" + threadDump());
                }
            }
            helper.interrupt();
            watchdog.interrupt();
            long elapsed = System.nanoTime() - start;

            if (violations.isEmpty()) {
                finalSweep();
            }
            System.out.printf("%s: %d cycles in %d ms; %s%n", kind, cycles, elapsed / 1_000_000, report());
            if (!violations.isEmpty()) {
                fail(violations.size() + " violation(s):\n" + String.join("\n", violations.stream().limit(20).toList())
                        + "\n" + report());
            }
            assertTrue(cycles >= MIN_CYCLES, "only " + cycles + " cycles ran in the time cap: " + report());
            // A run in which nothing raced proves nothing: insist that each path was taken.
            assertTrue(stats.kickedAwake.sum() > 0, "no sleeper was ever woken by a kick: " + report());
            assertTrue(stats.failedOpens.sum() > 0, "no open ever lost a race with a revocation: " + report());
            assertTrue(stats.closeReleases.sum() > 0 && stats.revokeReleases.sum() > 0,
                    "releases came from only one of close and revoke: " + report());
            assertTrue(stats.doubled.sum() > 0 && stats.all.sum() > 0, "a revocation mode never ran: " + report());
        }

        String report() {
            return String.format("calls=%d refused=%d kickedAwake=%d timedOut=%d opens=%d failedOpens=%d "
                            + "closeReleases=%d revokeReleases=%d selfRevokesRefused=%d revokeIt=%d doubleRevokeIt=%d "
                            + "revokeAll=%d maxRevokeMs=%.1f",
                    stats.calls.sum(), stats.refused.sum(), stats.kickedAwake.sum(), stats.timedOut.sum(),
                    stats.opens.sum(), stats.failedOpens.sum(), stats.closeReleases.sum(), stats.revokeReleases.sum(),
                    stats.selfRevokesRefused.sum(), stats.single.sum(), stats.doubled.sum(), stats.all.sum(),
                    stats.maxRevokeNanos / 1e6);
        }

        Cycle newCycle() {
            Cycle c = new Cycle(nextId++, kind);
            int files = 3 + ThreadLocalRandom.current().nextInt(4);
            Runnable openAll = () -> {
                for (int i = 0; i < files; i++) {
                    open(c);
                }
            };
            // Now and then the first files come from a thread that then dies, so that
            // the striped counter's reclaiming of a dead owner's cell gets exercised.
            if (ThreadLocalRandom.current().nextInt(4) == 0) {
                Thread t = Thread.ofPlatform().daemon().name("stress-ephemeral-opener").start(openAll);
                try {
                    t.join();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            } else {
                openAll.run();
            }
            return c;
        }

        void open(Cycle c) {
            StressFile f = new StressFile(this, c, ThreadLocalRandom.current().nextInt(20) == 0);
            c.pendingOpens.incrementAndGet();
            c.tried.add(f);
            try {
                boolean killedBefore = c.resource.inUse().isKilled();
                try {
                    f.revoke = Revoke.makeRevokable(f, c.resource);
                } catch (ResourceGoneException e) {
                    f.opened = Opened.NO;
                    stats.failedOpens.increment();
                    return;
                }
                if (killedBefore) {
                    violation(c, "makeRevokable succeeded on a resource whose revocation had stopped entries");
                }
                f.opened = Opened.YES;
                c.open.add(f);
                stats.opens.increment();
            } finally {
                c.pendingOpens.decrementAndGet();
            }
        }

        // ---- users ----

        void user() {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (!stop.get()) {
                Cycle c = slots.get(rnd.nextInt(SLOTS));
                List<StressFile> open = c.open;
                int n = open.size();
                if (n == 0) {
                    Thread.yield();
                    continue;
                }
                StressFile f;
                try {
                    f = open.get(rnd.nextInt(n));
                } catch (IndexOutOfBoundsException closedMeanwhile) {
                    continue;
                }
                call(f, rnd);
            }
        }

        void call(StressFile f, ThreadLocalRandom rnd) {
            if (!f.get()) {
                return;
            }
            try {
                Revoke rv = f.revoke;
                // Half the calls take Viro's form, half the gate's (a token from enter to exit).
                boolean viaToken = rnd.nextBoolean();
                Object token = viaToken ? rv.enter() : (rv.startUsing() ? Boolean.TRUE : null);
                if (token == null) {
                    stats.refused.increment();
                    Thread.yield(); // a refused call is cheap; let the revoker and the others run
                    return;
                }
                try {
                    body(f, rnd);
                } finally {
                    if (viaToken) {
                        rv.stopUsing(token);
                    } else {
                        rv.stopUsing();
                    }
                }
            } finally {
                f.put();
            }
        }

        void body(StressFile f, ThreadLocalRandom rnd) {
            Cycle c = f.cycle;
            c.inside.incrementAndGet();
            try {
                stats.calls.increment();
                if (c.revokeReturned) {
                    violation(c, "a method started after revokeIt returned");
                }
                if (f.releasesStarted.get() != 0) {
                    violation(c, "a method started on a released file");
                }
                WaitQueue q = c.resource.waitQueue();
                int p = rnd.nextInt(100);
                if (p < 35) {
                    for (int i = rnd.nextInt(200); i > 0; i--) {
                        Thread.onSpinWait();
                    }
                } else if (p < 47) {
                    // A read with no data coming: only the kick ends it.
                    WaitQueue.Wake w = q.await(() -> false, -1);
                    if (w != WaitQueue.Wake.REVOKED) {
                        violation(c, "an unbounded sleep ended with " + w);
                    }
                    stats.kickedAwake.increment();
                } else if (p < 75) {
                    WaitQueue.Wake w = q.await(() -> false, rnd.nextLong(10_000, 200_000));
                    if (w == WaitQueue.Wake.REVOKED) {
                        stats.kickedAwake.increment();
                        if (!c.resource.isDying()) {
                            violation(c, "a sleep reported REVOKED on a live resource");
                        }
                    } else if (w == WaitQueue.Wake.TIMED_OUT) {
                        stats.timedOut.increment();
                    } else {
                        violation(c, "a timed sleep ended with " + w);
                    }
                } else if (p < 90) {
                    // A sleep the kick cannot end: the revocation has to wait it out.
                    LockSupport.parkNanos(rnd.nextLong(10_000, 100_000));
                } else if (p < 99) {
                    Thread.yield();
                } else {
                    try {
                        c.resource.revokeIt();
                        violation(c, "revokeIt from inside a method was not refused");
                    } catch (SelfRevokeException expected) {
                        stats.selfRevokesRefused.increment();
                    }
                }
                if (f.releasesStarted.get() != 0) {
                    violation(c, "a file was released while its method ran");
                }
            } finally {
                c.inside.decrementAndGet();
            }
        }

        // ---- opener and closer ----

        void opener() {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (!stop.get()) {
                Cycle c = slots.get(rnd.nextInt(SLOTS));
                if (c.open.size() < MAX_FILES_PER_CYCLE) {
                    open(c);
                }
                LockSupport.parkNanos(rnd.nextLong(20_000, 120_000));
            }
        }

        void closer() {
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (!stop.get()) {
                Cycle c = slots.get(rnd.nextInt(SLOTS));
                List<StressFile> open = c.open;
                int n = open.size();
                if (n > 0) {
                    try {
                        open.get(rnd.nextInt(n)).close();
                    } catch (IndexOutOfBoundsException closedMeanwhile) {
                        // someone else closed one; try again
                    }
                }
                LockSupport.parkNanos(rnd.nextLong(20_000, 150_000));
            }
        }

        // ---- revokers ----

        void coordinator() {
            REVOKER.set(true);
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            long deadline = System.nanoTime() + TIME_CAP_NANOS;
            try {
                while (cycles < CYCLES && !stop.get() && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(rnd.nextLong(50_000, 300_000));
                    int mode = rnd.nextInt(100);
                    if (mode < 70) {
                        revokeOne(rnd.nextInt(SLOTS), false);
                    } else if (mode < 85) {
                        revokeOne(rnd.nextInt(SLOTS), true);
                    } else {
                        revokeSet(rnd, 2 + rnd.nextInt(SLOTS - 1));
                    }
                }
                // Take down what is left, so that every sleeper wakes and every file is released.
                List<Cycle> last = new ArrayList<>();
                for (int i = 0; i < SLOTS; i++) {
                    last.add(slots.get(i));
                }
                List<RevokeReport> reports = timed(() -> Revokable.revokeAll(last.stream().map(c -> c.resource).toList()));
                for (int i = 0; i < SLOTS; i++) {
                    returned(last.get(i));
                }
                for (int i = 0; i < SLOTS; i++) {
                    verify(last.get(i), reports.get(i));
                }
            } catch (Throwable t) {
                violation(null, "coordinator died: " + stackOf(t));
            }
        }

        void revokeOne(int slot, boolean twice) {
            Cycle c = slots.get(slot);
            CompletableFuture<RevokeReport> other = twice ? onHelper(c) : null;
            RevokeReport report = timed(c.resource::revokeIt);
            returned(c);
            if (other != null) {
                RevokeReport second = other.join();
                if (second != report) {
                    violation(c, "two concurrent revokeIt returned different reports");
                }
                stats.doubled.increment();
            } else {
                stats.single.increment();
            }
            verify(c, report);
            retire(slot, c);
        }

        void revokeSet(ThreadLocalRandom rnd, int k) {
            List<Integer> order = new ArrayList<>(java.util.stream.IntStream.range(0, SLOTS).boxed().toList());
            java.util.Collections.shuffle(order, rnd);
            List<Integer> chosen = order.subList(0, k);
            List<Cycle> set = chosen.stream().map(slots::get).toList();
            // Sometimes a lone revokeIt races the set on one of its members.
            Cycle raced = rnd.nextBoolean() ? set.get(rnd.nextInt(k)) : null;
            CompletableFuture<RevokeReport> other = raced != null ? onHelper(raced) : null;
            List<RevokeReport> reports = timed(() -> Revokable.revokeAll(set.stream().map(c -> c.resource).toList()));
            for (Cycle c : set) {
                returned(c);
            }
            if (other != null && other.join() != reports.get(set.indexOf(raced))) {
                violation(raced, "revokeIt racing revokeAll returned a different report");
            }
            stats.all.increment();
            for (int i = 0; i < k; i++) {
                verify(set.get(i), reports.get(i));
                retire(chosen.get(i), set.get(i));
            }
        }

        /** Starts a revokeIt of {@code c} on the helper thread, concurrently with the caller's. */
        CompletableFuture<RevokeReport> onHelper(Cycle c) {
            CompletableFuture<RevokeReport> done = new CompletableFuture<>();
            Runnable task = () -> {
                try {
                    RevokeReport r = timed(c.resource::revokeIt);
                    returned(c);
                    done.complete(r);
                } catch (Throwable t) {
                    done.completeExceptionally(t);
                }
            };
            try {
                helperTasks.put(task);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return done;
        }

        void helper() {
            REVOKER.set(true);
            try {
                while (true) {
                    helperTasks.take().run();
                }
            } catch (InterruptedException done) {
                // the run is over
            }
        }

        /** Runs one revocation under the watchdog's eye. */
        <T> T timed(Supplier<T> revocation) {
            Thread me = Thread.currentThread();
            long start = System.nanoTime();
            revoking.put(me, start);
            T result;
            try {
                result = revocation.get();
            } finally {
                revoking.remove(me);
            }
            long took = System.nanoTime() - start;
            if (took > stats.maxRevokeNanos) {
                stats.maxRevokeNanos = took;
            }
            if (took > REVOKE_LIMIT_NANOS) {
                violation(null, "a revocation took " + took / 1_000_000 + " ms");
            }
            return result;
        }

        /** Right after a revocation covering {@code c} returned: nothing may be running, now or later. */
        void returned(Cycle c) {
            c.revokeReturned = true;
            int inside = c.inside.get();
            if (inside != 0) {
                violation(c, inside + " method(s) still running after revokeIt returned");
            }
            for (StressFile f : c.tried) {
                if (f.opened == Opened.YES && f.releasesDone.get() != 1) {
                    violation(c, "revokeIt returned with a file's release not done (done="
                            + f.releasesDone.get() + ")");
                }
            }
        }

        /** The checks that may wait for stragglers: opens in flight at the revocation, counts, reports. */
        void verify(Cycle c, RevokeReport report) {
            long deadline = System.nanoTime() + REVOKE_LIMIT_NANOS;
            while (c.pendingOpens.get() != 0) {
                if (System.nanoTime() > deadline) {
                    violation(c, "an open never finished");
                    return;
                }
                Thread.yield();
            }
            Revokable r = c.resource;
            if (!r.isRevoked()) {
                violation(c, "revokeIt returned but the resource is not revoked");
            }
            if (r.attachedCount() != 0) {
                violation(c, r.attachedCount() + " file(s) still attached after revokeIt");
            }
            if (c.kicks.get() != 1) {
                violation(c, "kicked " + c.kicks.get() + " times");
            }
            int byRevoke = 0;
            int failedByRevoke = 0;
            for (StressFile f : c.tried) {
                if (f.opened == Opened.PENDING) {
                    continue; // an open begun after the wait above; it must fail, and the final sweep checks it did
                }
                checkReleasedOnce(c, f);
                if (f.opened == Opened.YES && f.revoke.wasRevoked()) {
                    byRevoke++;
                    if (f.throwing) {
                        failedByRevoke++;
                    }
                }
                if (f.opened == Opened.YES && f.revoke.startUsing()) {
                    f.revoke.stopUsing();
                    violation(c, "startUsing succeeded after revokeIt returned");
                }
            }
            if (report.released() != byRevoke) {
                violation(c, "report says " + report.released() + " released, files say " + byRevoke);
            }
            if (report.failures().size() != failedByRevoke) {
                violation(c, "report lists " + report.failures().size() + " failures, files say " + failedByRevoke);
            }
            stats.revokeReleases.add(byRevoke);
            StressFile late = new StressFile(this, c, false);
            try {
                Revoke.makeRevokable(late, r);
                violation(c, "makeRevokable succeeded after revokeIt returned");
            } catch (ResourceGoneException expected) {
                if (r.attachedCount() != 0 || late.releasesStarted.get() != 0) {
                    violation(c, "a failed makeRevokable left something behind");
                }
            }
        }

        void checkReleasedOnce(Cycle c, StressFile f) {
            switch (f.opened) {
                case YES -> {
                    if (f.releasesStarted.get() != 1 || f.releasesDone.get() != 1 || !f.revoke.isReleased()) {
                        violation(c, "a file was released " + f.releasesStarted.get() + " time(s) (done "
                                + f.releasesDone.get() + ", isReleased " + f.revoke.isReleased() + ")");
                    }
                }
                case NO -> {
                    if (f.releasesStarted.get() != 0 || f.revoke != null) {
                        violation(c, "a file whose open failed was released or attached");
                    }
                }
                case PENDING -> violation(c, "an open never recorded its outcome");
            }
        }

        void retire(int slot, Cycle c) {
            retired.add(c);
            cycles++;
            if (!stop.get()) {
                slots.set(slot, newCycle());
            }
        }

        /** Once everything has stopped: late closes and fputs must not have released anything twice. */
        void finalSweep() {
            List<Cycle> all = new ArrayList<>(retired);
            for (int i = 0; i < SLOTS; i++) {
                if (!retired.contains(slots.get(i))) {
                    all.add(slots.get(i));
                }
            }
            for (Cycle c : all) {
                for (StressFile f : c.tried) {
                    checkReleasedOnce(c, f);
                }
                if (c.resource.attachedCount() != 0) {
                    violation(c, "files still attached at the end");
                }
                if (c.resource.inUse() instanceof BiasedCounter b && b.count() != BiasedCounter.BIAS) {
                    violation(c, "biased count ended at " + b.count() + ", not BIAS: an entry leaked or a bias wrapped");
                }
            }
        }

        void watchdog() {
            try {
                while (true) {
                    Thread.sleep(50);
                    long now = System.nanoTime();
                    for (Map.Entry<Thread, Long> e : revoking.entrySet()) {
                        if (now - e.getValue() > REVOKE_LIMIT_NANOS) {
                            stop.set(true);
                            hangDump = e.getKey().getName() + " has been revoking for "
                                    + (now - e.getValue()) / 1_000_000 + " ms\n" + threadDump();
                            return;
                        }
                    }
                }
            } catch (InterruptedException done) {
                // the run is over
            }
        }

        Thread daemon(String name, Runnable body) {
            return Thread.ofPlatform().daemon().name(name).start(() -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    violation(null, name + " died: " + stackOf(t));
                }
            });
        }
    }

    static String stackOf(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }

    static String threadDump() {
        StringBuilder sb = new StringBuilder("thread dump:\n");
        for (ThreadInfo ti : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            sb.append('"').append(ti.getThreadName()).append("\" ").append(ti.getThreadState());
            if (ti.getLockName() != null) {
                sb.append(" on ").append(ti.getLockName());
            }
            if (ti.getLockOwnerName() != null) {
                sb.append(" owned by \"").append(ti.getLockOwnerName()).append('"');
            }
            sb.append('\n');
            for (StackTraceElement e : ti.getStackTrace()) {
                sb.append("\tat ").append(e).append('\n');
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
