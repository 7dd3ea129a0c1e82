package dev.revoke.bench;

import dev.revoke.mechanism.InUse;
import dev.revoke.mechanism.ResourceGoneException;
import dev.revoke.mechanism.Revokable;
import dev.revoke.mechanism.RevokeReport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Question 2: how long does one {@code revokeIt()} take, as the number of
 * idle files attached to the resource grows, and as the number of threads
 * asleep inside its methods (which the kick must wake and the drain must
 * wait for) grows?
 *
 * <p>A revocation is a one-off event, not a loop, so each measurement is a
 * single shot on a freshly built resource: the per-invocation setup opens
 * the files (and starts the sleepers and waits until every one is parked),
 * and only {@code revokeIt()} is timed. The sleepers are joined in the
 * per-invocation teardown, also untimed; a sleeper that did not wake fails
 * the run rather than slowing it. {@link JitWarmup} in the trial setup makes
 * the shots time compiled code, not the interpreter; a full GC at the start
 * of each setup ({@link JitWarmup#settleHeap}) keeps the previous shot's
 * garbage out of the next shot.
 *
 * <p>Both read sides are measured: their drains differ (the biased counter
 * is woken by the last leaver, the striped one polls with a back-off).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(1)
public class RevokeLatency {

    /** A resource with {@code files} idle open files and nobody inside a method. */
    @State(Scope.Thread)
    public static class IdleFiles {
        @Param({"1", "100", "10000", "100000"})
        int files;

        @Param({"BIASED", "STRIPED"})
        InUse.Kind kind;

        Revokable resource;

        @Setup(Level.Trial)
        public void warm() throws ResourceGoneException, InterruptedException {
            JitWarmup.revokeIt(kind);
        }

        @Setup(Level.Invocation)
        public void open() throws ResourceGoneException {
            resource = null;
            JitWarmup.settleHeap(kind);
            Revokable r = Revokable.create("idle", kind, null);
            for (int i = 0; i < files; i++) {
                Sleepers.open(r);
            }
            resource = r;
        }

        @TearDown(Level.Invocation)
        public void check() {
            if (!resource.isRevoked() || resource.attachedCount() != 0) {
                throw new IllegalStateException("revocation left " + resource.attachedCount() + " files attached");
            }
        }
    }

    /** A resource with one file per sleeper, each sleeper parked inside a method of its file. */
    @State(Scope.Thread)
    public static class Asleep {
        @Param({"1", "10", "100"})
        int sleepers;

        @Param({"BIASED", "STRIPED"})
        InUse.Kind kind;

        Revokable resource;
        final Sleepers threads = new Sleepers();

        @Setup(Level.Trial)
        public void warm() throws ResourceGoneException, InterruptedException {
            JitWarmup.revokeIt(kind);
        }

        @Setup(Level.Invocation)
        public void sleep() throws ResourceGoneException {
            resource = null;
            JitWarmup.settleHeap(kind);
            Revokable r = Revokable.create("asleep", kind, null);
            threads.start(r, sleepers);
            threads.awaitAsleep();
            resource = r;
        }

        @TearDown(Level.Invocation)
        public void wake() throws InterruptedException {
            threads.join();
        }
    }

    /** Revoke a resource with idle files: kill, empty drain, release every file. */
    @Benchmark
    public RevokeReport idleFiles(IdleFiles s) {
        return s.resource.revokeIt();
    }

    /** Revoke a resource whose methods have sleepers: kill, kick (wake all), drain, release. */
    @Benchmark
    public RevokeReport sleepers(Asleep s) {
        return s.resource.revokeIt();
    }
}
