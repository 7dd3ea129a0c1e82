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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Question 5: a driver unbind takes down K resources at once. Is one
 * kick-and-drain pass for the whole set ({@link Revokable#revokeAll}) faster
 * than revoking them one after another with {@code revokeIt}?
 *
 * <p>One by one, each revocation kicks its resource and then waits for that
 * resource's sleeper to wake up, be scheduled and leave before the next
 * resource is even kicked: K wake-up latencies in series. {@code revokeAll}
 * kills and kicks all K first, so the K sleepers wake in parallel and the
 * drains overlap. This is the complaint against the reverted
 * {@code revocable} (one grace period per resource made unbind slow).
 *
 * <p>Each resource has {@value #IDLE_FILES} idle files plus the file its one
 * sleeper is asleep in. Single shot per measurement; the setup builds the K
 * resources and waits until all K sleepers are parked, the teardown joins
 * them; only the revocation is timed. {@link JitWarmup} compiles both paths
 * first.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 20)
@Fork(1)
public class Unbind {
    static final int IDLE_FILES = 3;

    @State(Scope.Thread)
    public static class Device {
        @Param({"1", "10", "100"})
        int resources;

        @Param({"BIASED", "STRIPED"})
        InUse.Kind kind;

        List<Revokable> list;
        final Sleepers sleepers = new Sleepers();

        /** Both paths in every fork, so the two methods start from the same compiled code. */
        @Setup(Level.Trial)
        public void warm() throws ResourceGoneException, InterruptedException {
            JitWarmup.revokeIt(kind);
            JitWarmup.revokeAll(kind);
        }

        @Setup(Level.Invocation)
        public void bind() throws ResourceGoneException {
            list = null;
            JitWarmup.settleHeap(kind);
            List<Revokable> rs = new ArrayList<>(resources);
            for (int i = 0; i < resources; i++) {
                Revokable r = Revokable.create("res" + i, kind, null);
                for (int f = 0; f < IDLE_FILES; f++) {
                    Sleepers.open(r);
                }
                sleepers.start(r, 1);
                rs.add(r);
            }
            sleepers.awaitAsleep();
            list = rs;
        }

        @TearDown(Level.Invocation)
        public void check() throws InterruptedException {
            sleepers.join();
            for (Revokable r : list) {
                if (!r.isRevoked() || r.attachedCount() != 0) {
                    throw new IllegalStateException(r + " not fully revoked");
                }
            }
        }
    }

    /** One kill-and-kick pass over all K, then all drains, then all releases. */
    @Benchmark
    public List<RevokeReport> revokeAll(Device d) {
        return Revokable.revokeAll(d.list);
    }

    /** K independent revocations in a row, each waiting for its own sleeper. */
    @Benchmark
    public List<RevokeReport> oneByOne(Device d) {
        List<RevokeReport> reports = new ArrayList<>(d.list.size());
        for (Revokable r : d.list) {
            reports.add(r.revokeIt());
        }
        return reports;
    }
}
