package dev.revoke.bench;

import dev.revoke.mechanism.InUse;
import dev.revoke.mechanism.Releasable;
import dev.revoke.mechanism.ResourceGoneException;
import dev.revoke.mechanism.Revokable;
import dev.revoke.mechanism.Revoke;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;

/**
 * Question 1: what does the gate cost on every file method call, per
 * read-side design, with one thread and with two threads calling the same
 * open file?
 *
 * <p>Every benchmark calls one trivial file method ({@link BenchFile#read()}
 * returns a field) through one design's gate. The file is shared: it lives
 * in a {@link Scope#Benchmark} state, so in {@link TwoThreads} both threads
 * hit the same file, the same resource and the same lock, which is the case
 * the designs differ on (one shared counter line vs a cell per thread).
 *
 * <p>The baselines run in the same fork setup and the same run, so the
 * ratios the targets ask for come from numbers measured side by side:
 * a bare call, a bare {@code getAndAdd(+1)}/{@code getAndAdd(-1)} pair (the
 * floor of the biased counter, which does exactly those two atomics), and
 * one full fence (the floor of the striped counter, whose entry is a
 * store-load fence and whose exit is a plain release store).
 *
 * <p>Mode is average time per call per thread, so at two threads "same
 * number as at one thread" means perfect scaling.
 *
 * <p>The methods live in this abstract class; the thread count is the only
 * thing the two nested subclasses add (JMH inheritance, JMHSample_24), so the
 * two runs cannot drift apart.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 4)
@Fork(1)
public abstract class ReadSideCost {

    /** One thread calling the file: the uncontended cost. */
    @Threads(1)
    public static class OneThread extends ReadSideCost {
    }

    /** Two threads calling the same file at once (this machine has two cores). */
    @Threads(2)
    public static class TwoThreads extends ReadSideCost {
    }

    /** An open file with one trivial method and release. */
    public static final class BenchFile implements Releasable {
        private final int value;
        /** Viro's {@code file->f_revoke}: null for files that are not revokable. */
        Revoke revoke;

        BenchFile(int value) {
            this.value = value;
        }

        int read() {
            return value;
        }

        @Override
        public void release() {
        }
    }

    /** What a revoked file's read returns (procfs: EIO). */
    static final int EIO = -5;

    /**
     * The syscall gate exactly as {@code dev.revoke.vfs.Gate} does it: a
     * null {@code f_revoke} means "not revokable, call directly" (one null
     * check, the cost every ordinary file pays), otherwise start_using /
     * method / stop_using, in the gate's form where the entry hands the exit
     * a token on the caller's stack ({@code Revoke.enter}).
     */
    static int gatedRead(BenchFile f) {
        Revoke r = f.revoke;
        if (r == null) {
            return f.read();
        }
        Object t = r.enter();
        if (t == null) {
            return EIO;
        }
        try {
            return f.read();
        } finally {
            r.stopUsing(t);
        }
    }

    /**
     * The SRCU {@code revocable} that Linux merged and reverted in 2026, as far
     * as its read side goes: two counters selected by the current index, and
     * the index the reader got stored in the per-open-file handle, which all
     * threads using that file share (bug B1: a second reader overwrites the
     * first one's index, so exits can decrement the wrong counter and
     * {@code synchronize_srcu} never sees zero). Here it is only timed.
     *
     * <p>Real SRCU keeps its counters per CPU; this model keeps two shared
     * counters as the brief says, so at two threads it also pays for the
     * counter line, not only for the handle line.
     */
    public static final class SrcuHandleFile {
        private final int value;
        final Srcu srcu;
        /** The shared handle's index slot: the bug. Plain field, like the C struct member. */
        int idx;

        SrcuHandleFile(int value, Srcu srcu) {
            this.value = value;
            this.srcu = srcu;
        }

        int read() {
            return value;
        }
    }

    /** Two SRCU counters, each on its own cache lines, and the current index. */
    public static final class Srcu {
        final PaddedCounter[] counters = {new PaddedCounter(), new PaddedCounter()};
        volatile int currentIdx;
    }

    abstract static class CounterPadBefore {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    abstract static class CounterField extends CounterPadBefore {
        final AtomicInteger count = new AtomicInteger();
    }

    public static final class PaddedCounter extends CounterField {
        long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    }

    static int srcuRead(SrcuHandleFile f) {
        Srcu s = f.srcu;
        int i = s.currentIdx;
        s.counters[i].count.getAndIncrement();
        f.idx = i; // the per-call state in a shared handle (B1)
        try {
            return f.read();
        } finally {
            s.counters[f.idx].count.getAndDecrement();
        }
    }

    /** One of each design, all shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class Files {
        BenchFile plain;
        BenchFile biased;
        BenchFile striped;
        BenchFile locked;
        final ReentrantReadWriteLock rwLock = new ReentrantReadWriteLock();
        final StampedLock stampedLock = new StampedLock();
        SrcuHandleFile srcu;
        final AtomicInteger atomic = new AtomicInteger();

        @Setup
        public void open() throws ResourceGoneException {
            plain = new BenchFile(1);
            biased = attach(new BenchFile(2), Revokable.create("biased", InUse.Kind.BIASED, null));
            striped = attach(new BenchFile(3), Revokable.create("striped", InUse.Kind.STRIPED, null));
            locked = new BenchFile(4);
            srcu = new SrcuHandleFile(5, new Srcu());
        }

        private static BenchFile attach(BenchFile f, Revokable r) throws ResourceGoneException {
            f.revoke = Revoke.makeRevokable(f, r);
            return f;
        }
    }

    /** The misc_sync attempt: one lock around every call of every file. */
    static final ReentrantLock GLOBAL_MUTEX = new ReentrantLock();

    // ---- baselines ---------------------------------------------------------

    /** The method alone: what every design adds to. */
    @Benchmark
    public int baseline_bareCall(Files s) {
        return s.plain.read();
    }

    /** The biased counter's floor: its two atomic read-modify-writes and nothing else. */
    @Benchmark
    public int baseline_getAndAddPair(Files s) {
        s.atomic.getAndAdd(1);
        int v = s.plain.read();
        s.atomic.getAndAdd(-1);
        return v;
    }

    /** The striped counter's floor: one store-load fence per call. */
    @Benchmark
    public int baseline_fullFence(Files s) {
        VarHandle.fullFence();
        return s.plain.read();
    }

    // ---- designs -----------------------------------------------------------

    /** A file that is not revokable: the gate's null check, then the method. */
    @Benchmark
    public int nonRevokable(Files s) {
        return gatedRead(s.plain);
    }

    /** Viro's biased counter (procfs use_pde/unuse_pde), through the gate. */
    @Benchmark
    public int biased(Files s) {
        return gatedRead(s.biased);
    }

    /** The striped (percpu_ref-like) counter, through the gate. */
    @Benchmark
    public int striped(Files s) {
        return gatedRead(s.striped);
    }

    /** Jason Gunthorpe's rwsem: a read lock per call. */
    @Benchmark
    public int rwLock(Files s) {
        ReentrantReadWriteLock.ReadLock l = s.rwLock.readLock();
        l.lock();
        try {
            return s.locked.read();
        } finally {
            l.unlock();
        }
    }

    /** StampedLock's pessimistic read lock (an optimistic read cannot keep a revoker out). */
    @Benchmark
    public int stampedLock(Files s) {
        long stamp = s.stampedLock.readLock();
        try {
            return s.locked.read();
        } finally {
            s.stampedLock.unlockRead(stamp);
        }
    }

    /** misc_sync: one global mutex around every call (and bug B3 once a method sleeps). */
    @Benchmark
    public int globalMutex(Files s) {
        GLOBAL_MUTEX.lock();
        try {
            return s.locked.read();
        } finally {
            GLOBAL_MUTEX.unlock();
        }
    }

    /** The reverted SRCU revocable, index kept in the shared handle (bug B1). */
    @Benchmark
    public int srcuIndexInHandle(Files s) {
        return srcuRead(s.srcu);
    }
}
