package dev.revoke.mechanism;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A scalable in-use count: a cell per thread plus a dead flag, the
 * percpu_ref/SRCU idea, so readers on different threads never write the
 * same cache line.
 *
 * <p>Implementation notes. A thread claims a cell by CAS on its owner field
 * and afterwards is its only writer, so entry needs no atomic
 * read-modify-write: a volatile store of {@code count + 1} followed by a read
 * of {@code dead}. That store-then-load pair, against the revoker's
 * store of {@code dead} followed by loads of every cell, is Dekker's
 * protocol: under the Java memory model's total order of volatile accesses
 * either the entrant sees {@code dead} and backs out, or the revoker sees
 * the entrant's count and waits for it. The cost is one full fence per
 * call, the floor for any protocol that lets a revoker wait for readers.
 *
 * <p>Exit is a release store of {@code count - 1} and a plain look at the
 * drain waiter, with no fence, so an exiting thread may miss a revoker that
 * has just started waiting. The revoker therefore does not rely on being
 * woken: it parks with a timeout that doubles from 1 µs to 1 ms and
 * re-sums, as {@code synchronize_srcu} polls, and is unparked at once in the
 * common case. A cell is summed as it is read; since each cell only ever
 * holds its owner's entries, the sum can include a failed entrant's brief
 * +1 (the revoker waits a little longer) but never misses a live entry.
 *
 * <p>Cells are padded to two cache lines. Threads that find every cell
 * claimed share one overflow cell, updated with {@code getAndAdd}; the
 * cell of a dead owner with no entries is reclaimed by CAS.
 */
public final class StripedCounter implements InUse {
    private static final int CELLS = Math.max(8, Integer.highestOneBit(Runtime.getRuntime().availableProcessors() * 4 - 1) << 1);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final VarHandle OWNER;
    private static final VarHandle COUNT;
    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            OWNER = l.findVarHandle(Cell.class, "owner", Thread.class);
            COUNT = l.findVarHandle(Cell.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Padding before the hot fields; the JVM lays superclass fields first. */
    abstract static class PadBefore {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    abstract static class CellFields extends PadBefore {
        volatile Thread owner;
        volatile long count;
    }

    static final class Cell extends CellFields {
        long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    }

    /** The dead flag on its own lines: it is read on every entry, written once. */
    abstract static class DeadPad {
        long d00, d01, d02, d03, d04, d05, d06, d07, d08, d09, d10, d11, d12, d13, d14, d15;
    }

    static final class DeadFlag extends DeadPad {
        volatile boolean dead;
        volatile Thread drainWaiter;
        long e00, e01, e02, e03, e04, e05, e06, e07, e08, e09, e10, e11, e12, e13, e14, e15;
    }

    private final Cell[] cells = new Cell[CELLS];
    private final AtomicLong overflow = new AtomicLong();
    private final DeadFlag flag = new DeadFlag();

    StripedCounter() {
        for (int i = 0; i < cells.length; i++) {
            cells[i] = new Cell();
        }
    }

    @Override
    public boolean tryEnter() {
        return enter() != null;
    }

    @Override
    public void exit() {
        leave(ownCell(Thread.currentThread()));
    }

    /** The token: the thread's own cell, or this counter itself for the overflow cell. */
    @Override
    public Object enter() {
        Thread t = Thread.currentThread();
        Cell c = ownCell(t);
        if (c == null) {
            c = claimCell(t);
        }
        if (c != null) {
            COUNT.setVolatile(c, (long) COUNT.get(c) + 1);
        } else {
            overflow.getAndIncrement();
            UsingStack.push(this);
        }
        if (!flag.dead) {
            return c != null ? c : this;
        }
        leave(c);
        return null;
    }

    @Override
    public void exit(Object token) {
        leave(token instanceof Cell c ? c : null);
    }

    private void leave(Cell c) {
        if (c != null) {
            COUNT.setRelease(c, (long) COUNT.get(c) - 1);
        } else {
            UsingStack.pop(this);
            overflow.getAndDecrement();
        }
        if (flag.dead) {
            Thread waiter = flag.drainWaiter;
            if (waiter != null) {
                LockSupport.unpark(waiter);
            }
        }
    }

    /** The cell the thread owns, or null if it has none (it uses the overflow cell). */
    private Cell ownCell(Thread t) {
        int mask = cells.length - 1;
        int start = (int) t.threadId() & mask;
        Cell home = cells[start];
        if (home.owner == t) {
            return home;
        }
        for (int i = 1; i < cells.length; i++) {
            Cell c = cells[(start + i) & mask];
            if (c.owner == t) {
                return c;
            }
        }
        return null;
    }

    /**
     * Claims a free cell, or a dead owner's idle one. A thread already inside
     * through the overflow cell claims nothing, so that each of its exits
     * undoes its entry in the cell that entry used.
     */
    private Cell claimCell(Thread t) {
        if (UsingStack.contains(this)) {
            return null;
        }
        int mask = cells.length - 1;
        int start = (int) t.threadId() & mask;
        for (int i = 0; i < cells.length; i++) {
            Cell c = cells[(start + i) & mask];
            if (c.owner == null && OWNER.compareAndSet(c, (Thread) null, t)) {
                return c;
            }
        }
        for (Cell c : cells) {
            Thread owner = c.owner;
            if (owner != null && !owner.isAlive() && c.count == 0 && OWNER.compareAndSet(c, owner, t)) {
                return c;
            }
        }
        return null;
    }

    @Override
    public void kill() {
        flag.dead = true;
    }

    @Override
    public boolean isKilled() {
        return flag.dead;
    }

    @Override
    public void awaitDrained() {
        flag.drainWaiter = Thread.currentThread();
        long pause = 1_000;
        while (sum() != 0) {
            LockSupport.parkNanos(this, pause);
            pause = Math.min(pause * 2, MAX_POLL_NANOS);
        }
        flag.drainWaiter = null;
    }

    private long sum() {
        long s = overflow.get();
        for (Cell c : cells) {
            s += (long) COUNT.getVolatile(c);
        }
        return s;
    }

    @Override
    public boolean heldByCurrentThread() {
        Cell c = ownCell(Thread.currentThread());
        return (c != null && c.count > 0) || UsingStack.contains(this);
    }
}
