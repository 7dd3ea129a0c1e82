package dev.revoke.tty.ldisc;

import dev.revoke.mechanism.WaitQueue;
import dev.revoke.panama.Errno;
import dev.revoke.tty.Termios;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

import static dev.revoke.tty.Termios.ICANON;
import static dev.revoke.tty.Termios.IXON;
import static dev.revoke.tty.Termios.VMIN;
import static dev.revoke.tty.Termios.VSTART;
import static dev.revoke.tty.Termios.VSTOP;
import static dev.revoke.tty.Termios.VTIME;

/**
 * The N_TTY line discipline of one simulated tty: termios, input
 * processing and canonical line editing, echo, ISIG signals, output
 * processing, and the two queues between the tty and its driver.
 *
 * <p>Two sides. The <em>tty side</em> is what the tty's files call:
 * {@link #read read}, {@link #write write}, {@link #pollMask()},
 * {@link #inputAvailable()} (FIONREAD), {@link #setTermios}. The
 * <em>driver side</em> is the hardware; for a pty, the master:
 * {@link #receive receive} delivers typed bytes (a write to the master),
 * {@link #drainOutput drainOutput} takes what the tty sent (a read from it).
 *
 * <p>Threads and sleeping. The line discipline owns no thread and never
 * sleeps holding its lock. Every operation comes in a non-blocking form
 * ({@link #readNow}, {@link #writeNow}, {@link #receive(byte[], int, int)},
 * {@link #drainOutput(byte[], int, int)}) with a matching readiness test
 * ({@link #readReady()}, {@link #writeReady()}, {@link #receiveReady()},
 * {@link #outputReady()}), and in a blocking form that sleeps on a
 * {@link WaitQueue} the caller supplies. After every change the line
 * discipline runs its {@code wakeup} hook (outside its lock), which must wake
 * every queue anyone sleeps on for this tty: the tty's
 * {@code Revokable.waitQueue()}, and the master's queue if it has its own.
 * Sleepers test readiness under the queue's lock, so a change followed by
 * the hook cannot slip between a sleeper's test and its sleep.
 *
 * <p>Revocation. A sleep that ends because the queue's owner was revoked
 * makes the blocking call return {@link #REVOKED}, unless some bytes had
 * already moved, in which case it returns their count (as Linux does when a
 * hangup interrupts a partial read or write). The caller maps
 * {@code REVOKED} to what a hung-up tty answers: 0 (end of file) for read,
 * {@code -EIO} for write.
 *
 * <p>Blocking reads are serialised, and so are blocking writes, each by a
 * turn held across its sleeps, as Linux's atomic_read_lock and write lock
 * are: a second reader waits for the first to finish (with O_NONBLOCK it
 * gets {@code -EAGAIN}), so VMIN counts are not split between readers.
 */
public final class NTty {
    /** Size of the input buffer, as N_TTY_BUF_SIZE: a canonical line holds at most this many bytes. */
    public static final int INPUT_BUFFER_SIZE = ReadBuffer.SIZE;
    /** Default capacity of the output queue (what the master has not yet read). */
    public static final int DEFAULT_OUTPUT_CAPACITY = 4096;
    /** Default capacity of the driver's receive buffer, as a Linux pty's 8 KiB flip-buffer limit. */
    public static final int DEFAULT_RECEIVE_CAPACITY = 8192;
    /**
     * What a blocking call returns when its sleep ended because the wait
     * queue's owner was revoked and no byte had moved. Below every
     * {@code -errno} (Linux errnos stop at 4095), so it cannot be mistaken
     * for one.
     */
    public static final int REVOKED = -0x10000;

    static final int EAGAIN = Errno.EAGAIN.negative();
    static final int EINTR = Errno.EINTR.negative();
    static final int EINVAL = Errno.EINVAL.negative();

    // tcflush(3) queue selectors and tcflow(3) actions, as TCFLSH and TCXONC take them.
    public static final int TCIFLUSH = 0;
    public static final int TCOFLUSH = 1;
    public static final int TCIOFLUSH = 2;
    public static final int TCOOFF = 0;
    public static final int TCOON = 1;
    public static final int TCIOFF = 2;
    public static final int TCION = 3;

    /** How much of the receive buffer one pass hands to input processing. */
    private static final int RECEIVE_CHUNK = 256;

    private final ReentrantLock lock = new ReentrantLock();
    private final Runnable wakeup;
    private final ReadBuffer readBuffer = new ReadBuffer();
    private final EchoBuffer echoes = new EchoBuffer();
    private final ByteRing receiveBuffer;
    private final OutputProcessor output;
    private final InputProcessor input;
    private final List<TtySignal> raised = new ArrayList<>();
    private final byte[] chunk = new byte[RECEIVE_CHUNK];
    private final ReentrantLock readTurn = new ReentrantLock();
    private final ReentrantLock writeTurn = new ReentrantLock();
    private Termios termios;
    private volatile SignalListener signals = SignalListener.IGNORE;

    /**
     * @param initial settings, copied; {@link Termios#ptySlaveDefaults()} for a pty
     * @param wakeup  run after every change, outside the lock; must wake every sleeper's queue
     */
    public NTty(Termios initial, Runnable wakeup) {
        this(initial, wakeup, DEFAULT_OUTPUT_CAPACITY, DEFAULT_RECEIVE_CAPACITY);
    }

    public NTty(Termios initial, Runnable wakeup, int outputCapacity, int receiveCapacity) {
        this.termios = initial.copy();
        this.wakeup = wakeup;
        this.receiveBuffer = new ByteRing(receiveCapacity);
        this.output = new OutputProcessor(new ByteRing(outputCapacity), termios);
        this.input = new InputProcessor(readBuffer, echoes, output, raised, termios);
    }

    /** Where INTR, QUIT and SUSP go; by default nowhere. */
    public void setSignalListener(SignalListener listener) {
        signals = listener;
    }

    // ---- settings ------------------------------------------------------------------------------

    /** A copy of the current settings (TCGETS). */
    public Termios termios() {
        lock.lock();
        try {
            return termios.copy();
        } finally {
            lock.unlock();
        }
    }

    /**
     * TCSETS: installs a copy of {@code t}. Switching ICANON reshapes the
     * input (pending bytes become one line, or line marks vanish); clearing
     * IXON restarts output it had stopped; sleepers are woken to re-check.
     */
    public void setTermios(Termios t) {
        lock.lock();
        try {
            Termios old = termios;
            termios = t.copy();
            output.termios(termios);
            input.termiosChanged(old, termios);
            if (!termios.input(IXON) && old.input(IXON) && !output.isTcoStopped()) {
                output.start();
                output.flushEchoes(echoes);
            }
            pushReceived();
        } finally {
            release();
        }
    }

    // ---- tty side: reading ---------------------------------------------------------------------

    /**
     * True if a read would not wait: a complete line (even an empty or EOF
     * one) in canonical mode, at least one byte otherwise.
     */
    public boolean readReady() {
        lock.lock();
        try {
            return readReadyLocked();
        } finally {
            lock.unlock();
        }
    }

    private boolean readReadyLocked() {
        return canonical() ? readBuffer.lineReady() : readBuffer.count() > 0;
    }

    private boolean canonical() {
        return termios.local(ICANON);
    }

    /**
     * One read without waiting: in canonical mode at most one line (0 for
     * an EOF character at the start of a line), otherwise whatever is
     * there, up to {@code len} bytes. {@code -EAGAIN} if {@link #readReady()}
     * is false; 0 for a {@code len} of 0, which consumes nothing. Ignores
     * VMIN and VTIME; {@link #read} applies them.
     */
    public int readNow(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        lock.lock();
        boolean ready = readReadyLocked();
        if (!ready || len == 0) {
            lock.unlock();
            return ready ? 0 : EAGAIN;
        }
        try {
            int n = canonical() ? readBuffer.copyLine(b, off, len) : readBuffer.copyRaw(b, off, len);
            pushReceived();
            return n;
        } finally {
            release();
        }
    }

    /**
     * read(2) on the tty: canonical lines, or VMIN/VTIME in non-canonical
     * mode (MIN&gt;0 TIME=0: wait for MIN bytes; MIN=0 TIME&gt;0: wait up to TIME
     * tenths of a second for any; MIN&gt;0 TIME&gt;0: TIME is an inter-byte timer
     * started by the first byte; MIN=0 TIME=0: return at once, 0 if nothing).
     *
     * @param q            where to sleep; must be woken by this tty's wakeup hook
     * @param nonblock     O_NONBLOCK: {@code -EAGAIN} instead of sleeping
     * @param timeoutNanos a bound of the caller's own (negative: none); when it
     *                     passes with nothing read the result is {@code -EAGAIN}
     * @return bytes read; {@code -EAGAIN}; {@code -EINTR}; or {@link #REVOKED}
     */
    public int read(WaitQueue q, byte[] b, int off, int len, boolean nonblock, long timeoutNanos) {
        Objects.checkFromIndexSize(off, len, b.length);
        return new ReadCall(this, q, nonblock, timeoutNanos).run(b, off, len);
    }

    ReentrantLock readTurn() {
        return readTurn;
    }

    ReentrantLock writeTurn() {
        return writeTurn;
    }

    /**
     * FIONREAD / TIOCINQ: in canonical mode the bytes of complete lines (EOF
     * characters not counted, the line being typed not counted); otherwise
     * every byte in the input buffer.
     */
    public int inputAvailable() {
        lock.lock();
        try {
            return canonical() ? readBuffer.canonicalAvailable() : readBuffer.count();
        } finally {
            lock.unlock();
        }
    }

    // ---- tty side: writing ---------------------------------------------------------------------

    /** True if the output queue has room and output is not stopped. */
    public boolean writeReady() {
        lock.lock();
        try {
            return output.space() > 0;
        } finally {
            lock.unlock();
        }
    }

    /** True if there is room for {@code c} as output processing will expand it. */
    boolean writeReady(int c) {
        lock.lock();
        try {
            return output.space() >= output.spaceNeeded(c & 0xff);
        } finally {
            lock.unlock();
        }
    }

    /**
     * One write without waiting: pending echoes first, then as much of
     * {@code b} as fits, with output processing. Returns bytes of {@code b}
     * consumed, or {@code -EAGAIN} if none (0 if {@code len} is 0).
     */
    public int writeNow(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        lock.lock();
        try {
            output.flushEchoes(echoes);
            int n = output.write(b, off, len);
            return n == 0 && len > 0 ? EAGAIN : n;
        } finally {
            release();
        }
    }

    /**
     * write(2) on the tty: returns when all of {@code b} is in the output
     * queue, sleeping while it is full or output is stopped (^S). With
     * O_NONBLOCK it writes what fits: the count, or {@code -EAGAIN} if none.
     *
     * @return bytes written; {@code -EAGAIN}; {@code -EINTR}; or {@link #REVOKED}
     */
    public int write(WaitQueue q, byte[] b, int off, int len, boolean nonblock, long timeoutNanos) {
        Objects.checkFromIndexSize(off, len, b.length);
        return WaitLoop.writeAll(this, q, b, off, len, nonblock, timeoutNanos);
    }

    /**
     * Bytes in the output queue, not yet taken by the driver. Not what a
     * Linux pty slave answers to TIOCOUTQ: that is always 0, since for a pty
     * the output is already at the other end.
     */
    public int outputQueued() {
        lock.lock();
        try {
            return output.queue().size();
        } finally {
            lock.unlock();
        }
    }

    // ---- tty side: poll, flush, flow ----------------------------------------------------------

    /**
     * The tty's poll(2) events: IN|RDNORM when a read would not wait (in
     * non-canonical mode with TIME 0, only once MIN bytes are there),
     * OUT|WRNORM when the output queue has room. A hung-up tty's
     * HUP and ERR are the caller's to add.
     */
    public int pollMask() {
        lock.lock();
        try {
            int mask = 0;
            boolean in;
            if (canonical()) {
                in = readBuffer.lineReady();
            } else {
                int min = termios.cc(VMIN);
                int need = termios.cc(VTIME) == 0 && min > 0 ? min : 1;
                in = readBuffer.count() >= need;
            }
            if (in) {
                mask |= PollMask.POLLIN | PollMask.POLLRDNORM;
            }
            if (output.space() > 0) {
                mask |= PollMask.POLLOUT | PollMask.POLLWRNORM;
            }
            return mask;
        } finally {
            lock.unlock();
        }
    }

    /**
     * TCFLSH: TCIFLUSH and TCIOFLUSH discard input (the input buffer and what
     * the driver delivered but the line discipline had not yet taken).
     * TCOFLUSH discards nothing: the output queue models bytes that have
     * reached the other end of a pty, which a Linux pty's flush cannot touch
     * (it only drops the master's unprocessed flip buffer). 0, or
     * {@code -EINVAL}.
     */
    public int flush(int queueSelector) {
        if (queueSelector < TCIFLUSH || queueSelector > TCIOFLUSH) {
            return EINVAL;
        }
        lock.lock();
        try {
            if (queueSelector != TCOFLUSH) {
                receiveBuffer.clear();
                input.reset();
            }
            return 0;
        } finally {
            release();
        }
    }

    /**
     * TCXONC: TCOOFF stops output until TCOON; TCIOFF and TCION send the
     * STOP or START character to the driver. 0, or {@code -EINVAL}.
     */
    public int flow(int action) {
        lock.lock();
        try {
            switch (action) {
                case TCOOFF -> output.tcoOff();
                case TCOON -> {
                    output.tcoOn();
                    output.flushEchoes(echoes);
                }
                case TCIOFF, TCION -> {
                    int c = termios.cc(action == TCIOFF ? VSTOP : VSTART);
                    if (c != Termios.DISABLED && output.queue().room() > 0) {
                        output.queue().put(c);
                    }
                }
                default -> {
                    return EINVAL;
                }
            }
            return 0;
        } finally {
            release();
        }
    }

    /** True while output is stopped, by the STOP character or by TCOOFF. */
    public boolean isOutputStopped() {
        lock.lock();
        try {
            return output.isStopped();
        } finally {
            lock.unlock();
        }
    }

    // ---- driver side ---------------------------------------------------------------------------

    /** True if the driver's receive buffer has room for at least one byte. */
    public boolean receiveReady() {
        lock.lock();
        try {
            return receiveBuffer.room() > 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Input from the driver (for a pty, a write to the master): as much of
     * {@code b} as the receive buffer takes, processed at once as far as the
     * input buffer has room. Returns bytes taken, 0 if the receive buffer is
     * full.
     */
    public int receive(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        lock.lock();
        try {
            int n = Math.min(len, receiveBuffer.room());
            receiveBuffer.put(b, off, n);
            pushReceived();
            return n;
        } finally {
            release();
        }
    }

    /**
     * A blocking {@link #receive(byte[], int, int)}: the master's write(2).
     * Returns when all of {@code b} is taken; with O_NONBLOCK takes what fits.
     *
     * @return bytes taken; {@code -EAGAIN}; {@code -EINTR}; or {@link #REVOKED}
     */
    public int receive(WaitQueue q, byte[] b, int off, int len, boolean nonblock, long timeoutNanos) {
        Objects.checkFromIndexSize(off, len, b.length);
        return WaitLoop.receiveAll(this, q, b, off, len, nonblock, timeoutNanos);
    }

    /** True if the output queue holds bytes for the driver. */
    public boolean outputReady() {
        lock.lock();
        try {
            return output.queue().size() > 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The driver takes output (for a pty, a read from the master): up to
     * {@code len} bytes, 0 if there are none. The room it frees lets waiting
     * echoes out and wakes writers.
     */
    public int drainOutput(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        lock.lock();
        try {
            int n = output.queue().take(b, off, len);
            output.flushEchoes(echoes);
            return n;
        } finally {
            release();
        }
    }

    /**
     * A blocking {@link #drainOutput(byte[], int, int)}: the master's read(2),
     * which returns as soon as there is at least one byte.
     *
     * @return bytes read; {@code -EAGAIN}; {@code -EINTR}; or {@link #REVOKED}
     */
    public int drainOutput(WaitQueue q, byte[] b, int off, int len, boolean nonblock, long timeoutNanos) {
        Objects.checkFromIndexSize(off, len, b.length);
        return WaitLoop.drainSome(this, q, b, off, len, nonblock, timeoutNanos);
    }

    /** The driver's poll(2) events (the master's): IN when output is queued, OUT when input fits. */
    public int driverPollMask() {
        lock.lock();
        try {
            int mask = 0;
            if (output.queue().size() > 0) {
                mask |= PollMask.POLLIN | PollMask.POLLRDNORM;
            }
            if (receiveBuffer.room() > 0) {
                mask |= PollMask.POLLOUT | PollMask.POLLWRNORM;
            }
            return mask;
        } finally {
            lock.unlock();
        }
    }

    // ---- internals -----------------------------------------------------------------------------

    /**
     * Feeds the receive buffer to input processing while the input buffer has
     * room, then lets the echoes out. Linux does this from a worker thread
     * when room appears; here it happens in whichever call made the room.
     */
    private void pushReceived() {
        while (receiveBuffer.size() > 0) {
            int n = receiveBuffer.peek(chunk, 0, chunk.length);
            int taken = input.receive(chunk, 0, n);
            receiveBuffer.skip(taken);
            if (taken < n) {
                break;
            }
        }
        output.flushEchoes(echoes);
    }

    /** Unlocks, then wakes sleepers and raises the signals input processing collected. */
    private void release() {
        List<TtySignal> toRaise = List.of();
        if (!raised.isEmpty()) {
            toRaise = List.copyOf(raised);
            raised.clear();
        }
        lock.unlock();
        wakeup.run();
        SignalListener listener = signals;
        for (TtySignal s : toRaise) {
            listener.raised(s);
        }
    }
}
