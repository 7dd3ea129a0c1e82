package dev.revoke.tty;

import static dev.revoke.panama.Errno.EIO;

import dev.revoke.kernel.Kernel;
import dev.revoke.kernel.Process;
import dev.revoke.mechanism.RevokeReport;
import dev.revoke.mechanism.WaitQueue;
import dev.revoke.tty.ldisc.NTty;
import dev.revoke.tty.session.SessionControl;
import dev.revoke.vfs.OpenFile;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One simulated terminal (Linux's {@code tty_struct}): its {@link TtyDriver},
 * window size, termios, controlling-terminal state ({@link SessionControl})
 * and, one {@link Generation} at a time, its line discipline and the
 * {@code Revokable} its files are attached to.
 *
 * <p><b>Hangup is a revocation.</b> Linux's {@code __tty_hangup} swaps every
 * file's {@code f_op} for {@code hung_up_tty_fops} and wakes the sleepers.
 * Here the files of the current generation are revoked through the
 * mechanism ({@code revokeIt}): new calls are refused and the gate answers
 * with {@code HungUpTtyOperations} (read 0, write EIO, poll
 * IN|OUT|ERR|HUP|RDNORM|WRNORM, ioctl EIO but TIOCSPGRP ENOTTY); the kick
 * wakes every blocked reader, writer and poller, which leave with what a
 * hung-up tty answers; the revoker waits for them; every file is released
 * exactly once. A hangup runs these steps, in this order:
 * <ol>
 * <li>under the tty's lock, claim the generation (a second hangup of it just
 *     waits for the first, as Linux returns at once on a tty already hung
 *     up), reset the settings the next line discipline starts with (ptys
 *     reset termios on hangup), and note whether console files hold the tty;
 *     if they do, a fresh generation takes over at once (Linux
 *     re-initialises the line discipline instead of killing it);
 * <li>SIGHUP then SIGCONT to the session leader; every process of the
 *     session loses its controlling tty; the tty forgets session and
 *     foreground group. This comes before the wake-up so that a reader that
 *     returns 0 finds the signal already there;
 * <li>revoke the generation (kill, kick, drain, release each file once);
 * <li>tell the driver: {@link TtyDriver#hangup} once, or, when console files
 *     held the tty, nothing more, each release having closed its file in
 *     the driver (Viro's question 8).
 * </ol>
 *
 * <p><b>Entry points.</b> {@link #hangup()} is carrier loss
 * ({@code tty_hangup}): it runs on a thread of its own and returns a
 * future. {@link #vhangup()} is {@code tty_vhangup}: synchronous, done when
 * it returns; the vhangup(2) system call, revoke(2) of the tty's node and a
 * pty master's close use it. TIOCVHANGUP arrives inside a method of one of
 * the files it revokes, where waiting for the drain would wait for itself
 * (Viro's question 2): it runs the hangup on another thread and returns
 * once the generation refuses new calls; the releases finish as soon as the
 * ioctl has left.
 *
 * <p><b>Open racing hangup</b> (Viro's question 5). An open picks the live
 * generation under the tty's lock, creating a fresh one if the current one
 * is hanging up, does its work there (driver open, controlling tty), and
 * attaches the file as its very last step (question 1). An attach that fails
 * because a hangup killed that generation in between undoes the open's count
 * and driver open and starts again on the fresh generation; an attach that
 * succeeds belongs to its generation until that generation's hangup, if any,
 * releases it. Nothing is attached to two generations or to none.
 *
 * <p><b>Locks.</b> The tty's lock guards the generation switch, the open
 * count and the driver's open, close and hangup calls. It is never held
 * across a revocation, a wait or a line-discipline call that may sleep; the
 * releases a revocation runs take it themselves. Session state has its own
 * lock, taken inside this one.
 */
public final class Tty {
    private static final int EIO_ = EIO.negative();

    private final String name;
    private final TtyDriver driver;
    private final SessionControl control;
    private final ReentrantLock lock = new ReentrantLock();

    private volatile Generation generation;
    private int generations;
    private int count;
    private int consoleCount;
    private volatile boolean dead;
    private Termios termios;
    private volatile WinSize winSize = WinSize.ZERO;

    private final AtomicInteger driverOpens = new AtomicInteger();
    private final AtomicInteger driverCloses = new AtomicInteger();
    private final AtomicInteger driverHangups = new AtomicInteger();
    private final AtomicInteger hangups = new AtomicInteger();
    private final AtomicInteger releases = new AtomicInteger();

    /**
     * A tty with its first line discipline already running (a pty's slave
     * processes typed input before anyone opens it).
     *
     * @param kernel whose processes the session layer signals
     */
    public Tty(String name, TtyDriver driver, Kernel kernel) {
        this.name = name;
        this.driver = driver;
        this.control = new SessionControl(this, kernel);
        Generation first;
        lock.lock();
        try {
            termios = driver.initTermios();
            first = newGenerationLocked();
        } finally {
            lock.unlock();
        }
        driver.ldiscOpened(this, first.ldisc);
    }

    public String name() {
        return name;
    }

    public TtyDriver driver() {
        return driver;
    }

    /** Controlling-terminal state: session, foreground process group, job-control ioctls. */
    public SessionControl control() {
        return control;
    }

    // ---- opening and releasing ---------------------------------------------------------------

    /**
     * {@code tty_open} for an ordinary file: counts it, lets the driver open
     * it, makes the tty the caller's controlling terminal if Linux would
     * (a session leader without one, the tty without a session, the file
     * readable, no O_NOCTTY), and attaches it to the live generation last.
     *
     * @param caller the opening process, or null for an open on nobody's behalf
     * @param noctty never acquire a controlling tty (O_NOCTTY, /dev/tty, /dev/console)
     * @return 0, or a negative errno
     */
    int open(OpenFile file, Process caller, boolean noctty) {
        while (true) {
            Generation g;
            boolean fresh;
            int r;
            lock.lock();
            try {
                if (dead) {
                    return EIO_;
                }
                fresh = generation.hupping;
                g = liveGenerationLocked();
                r = driver.open(this, file);
                if (r == 0) {
                    count++;
                    driverOpens.incrementAndGet();
                    file.setPrivateData(new TtyFile(this, g, false));
                    if (!noctty && caller != null && file.canRead()) {
                        control.acquireOnOpen(caller);
                    }
                }
            } finally {
                lock.unlock();
            }
            if (fresh) {
                driver.ldiscOpened(this, g.ldisc); // even if the driver refused this open: the generation stays
            }
            if (r < 0) {
                return r;
            }
            if (file.makeRevokable(g.revokable) == 0) {
                return 0; // Viro's question 1: nothing touches the file after this
            }
            // A hangup killed g after we chose it. The file was never attached, so no
            // release will come for it: undo, and open on the generation that replaced g.
            lock.lock();
            try {
                count--;
                driver.close(this, file);
                driverCloses.incrementAndGet();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Opens a console-redirect file: counted and opened in the driver like
     * any other, but attached to no generation, so no hangup revokes it. It
     * never acquires a controlling tty.
     */
    int openConsole(OpenFile file) {
        Generation g;
        boolean fresh;
        int r;
        lock.lock();
        try {
            if (dead) {
                return EIO_;
            }
            fresh = generation.hupping;
            g = liveGenerationLocked();
            r = driver.open(this, file);
            if (r == 0) {
                count++;
                consoleCount++;
                driverOpens.incrementAndGet();
                file.setPrivateData(new TtyFile(this, null, true));
            }
        } finally {
            lock.unlock();
        }
        if (fresh) {
            driver.ldiscOpened(this, g.ldisc);
        }
        return r;
    }

    /**
     * The release of a tty file, exactly once per file: by its last close,
     * or by the hangup that revoked it. A file of a generation being hung up
     * is the hangup's business: the driver hears of it through
     * {@link TtyDriver#hangup}, or through a close of its own when console
     * files held the tty.
     */
    void release(OpenFile file, TtyFile tf) {
        releases.incrementAndGet();
        lock.lock();
        try {
            count--;
            boolean close;
            if (tf.console()) {
                consoleCount--;
                close = true;
            } else {
                Generation g = tf.generation();
                close = !g.hupping || g.closeOnRelease;
            }
            if (close) {
                driver.close(this, file);
                driverCloses.incrementAndGet();
            }
        } finally {
            lock.unlock();
        }
    }

    private Generation liveGenerationLocked() {
        Generation g = generation;
        if (g == null || g.hupping) {
            g = newGenerationLocked();
        }
        return g;
    }

    private Generation newGenerationLocked() {
        Generation g = new Generation(this, ++generations, termios.copy(), driver);
        generation = g;
        return g;
    }

    // ---- hangup ----------------------------------------------------------------------------------

    /**
     * {@code tty_hangup}, carrier loss: hangs the tty up on another thread.
     * The future completes when the hangup is over.
     */
    public CompletableFuture<HangupReport> hangup() {
        return hangupAsync(null);
    }

    /**
     * {@code tty_vhangup}: hangs the tty up and returns when it is over (every
     * file of the current generation released, the signals sent, the driver
     * told). A tty already hung up and not reopened is left alone; the
     * report is that of the hangup that did it.
     *
     * @throws dev.revoke.mechanism.SelfRevokeException if called from inside a
     *         method of one of the files it would revoke
     */
    public HangupReport vhangup() {
        return hangup(null);
    }

    /**
     * TIOCVHANGUP from inside a method of a file of {@code g}: starts the
     * hangup of {@code g} elsewhere and waits only until {@code g} refuses
     * new calls. The drain, which waits for this very method, and the
     * releases complete once the caller has left it.
     */
    void hangupFromInside(Generation g) {
        CompletableFuture<HangupReport> done = hangupAsync(g);
        boolean interrupted = false;
        while (true) {
            try {
                if (g.killed.await(10, java.util.concurrent.TimeUnit.MILLISECONDS) || done.isDone()) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private CompletableFuture<HangupReport> hangupAsync(Generation target) {
        CompletableFuture<HangupReport> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("tty-hangup " + name).start(() -> {
            try {
                f.complete(hangup(target));
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        return f;
    }

    /** {@code __tty_hangup} of {@code target}, or of the current generation if null. */
    private HangupReport hangup(Generation target) {
        Generation g;
        Generation fresh = null;
        boolean console = false;
        boolean claimed = false;
        lock.lock();
        try {
            g = target != null ? target : generation; // a target older than the current one is hung up already
            if (!g.hupping) {
                claimed = true;
                g.hupping = true;
                console = consoleCount > 0;
                g.closeOnRelease = console;
                resetTermiosLocked(); // TTY_DRIVER_RESET_TERMIOS: the next line discipline starts afresh
                if (console && !dead) {
                    fresh = newGenerationLocked();
                }
            }
        } finally {
            lock.unlock();
        }
        if (!claimed) {
            return g.hungUp.join();
        }
        try {
            List<Integer> signalled = new ArrayList<>();
            for (Process leader : control.hangup()) {
                signalled.add(leader.pid());
            }
            if (fresh != null) {
                driver.ldiscOpened(this, fresh.ldisc);
            }
            RevokeReport revocation = g.revokable.revokeIt();
            if (!console) {
                lock.lock();
                try {
                    driver.hangup(this);
                    driverHangups.incrementAndGet();
                } finally {
                    lock.unlock();
                }
            }
            hangups.incrementAndGet();
            HangupReport report = new HangupReport(name, g.number, revocation.released(), signalled, console, revocation);
            g.hungUp.complete(report);
            return report;
        } catch (Throwable t) {
            g.hungUp.completeExceptionally(t);
            throw t;
        }
    }

    /**
     * The driver is gone (a pty whose master closed): opens fail with EIO
     * from now on. Call {@link #vhangup()} after it to hang up the files.
     */
    public void kill() {
        lock.lock();
        try {
            dead = true;
            resetTermiosLocked();
        } finally {
            lock.unlock();
        }
    }

    private void resetTermiosLocked() {
        termios = driver.initTermios();
    }

    /** True once {@link #kill()}ed: no new opens. */
    public boolean isDead() {
        return dead;
    }

    /** True while the current generation is hung up and nobody has reopened the tty. */
    public boolean isHungUp() {
        return generation.hupping;
    }

    // ---- settings ------------------------------------------------------------------------------

    /** The line discipline of the current generation if it is live (not hanging up), else null. */
    public NTty liveLdisc() {
        Generation g = generation;
        return g.hupping || dead ? null : g.ldisc;
    }

    /** The current generation; for console files, which follow the tty. */
    Generation current() {
        return generation;
    }

    /** TCGETS: the live line discipline's settings, or what the next one will start with. */
    public Termios termios() {
        NTty l = liveLdisc();
        if (l != null) {
            return l.termios();
        }
        lock.lock();
        try {
            return termios.copy();
        } finally {
            lock.unlock();
        }
    }

    /**
     * TCSETS on the line discipline of generation {@code g}. The settings
     * belong to the tty (Linux keeps termios in the tty, not in the line
     * discipline), so a change made through a master while the slave is hung
     * up reaches the next generation; a hangup resets them to the driver's.
     */
    void setTermios(Generation g, Termios requested) {
        Termios t = requested.copy();
        driver.setTermios(this, t);
        lock.lock();
        try {
            if (g == generation && !g.hupping) {
                termios = t.copy();
            }
        } finally {
            lock.unlock();
        }
        g.ldisc.setTermios(t);
    }

    /** TCSETS from the driver side (a pty master): applies to the live generation, or the next one. */
    public void setTermios(Termios requested) {
        Generation g = generation;
        if (!g.hupping && !dead) {
            setTermios(g, requested);
            return;
        }
        Termios t = requested.copy();
        driver.setTermios(this, t);
        lock.lock();
        try {
            termios = t;
        } finally {
            lock.unlock();
        }
    }

    /** TIOCGWINSZ. Kept across hangups, as Linux keeps it. */
    public WinSize winSize() {
        return winSize;
    }

    /** TIOCSWINSZ. (SIGWINCH is not among the emulated signals and is not sent.) */
    public void setWinSize(WinSize ws) {
        winSize = ws;
    }

    // ---- bookkeeping, for drivers and tests ----------------------------------------------------

    /** Files open on the tty, console files included; a hung-up file stops counting at its release. */
    public int openCount() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }

    /** Console-redirect files open on the tty. */
    public int consoleCount() {
        lock.lock();
        try {
            return consoleCount;
        } finally {
            lock.unlock();
        }
    }

    /** 1 for the first life, then one more for each line discipline started after a hangup. */
    public int generationNumber() {
        return generation.number;
    }

    /** Files attached to the current generation's revokable (0 once it is hung up). */
    public int attachedCount() {
        return generation.revokable.attachedCount();
    }

    /** The wait queue of the current generation, where its files' blocking calls sleep. */
    public WaitQueue waitQueue() {
        return generation.queue();
    }

    /** What the driver and the mechanism have seen so far. */
    public Counters counters() {
        return new Counters(driverOpens.get(), driverCloses.get(), driverHangups.get(), hangups.get(), releases.get());
    }

    /**
     * @param driverOpens   {@link TtyDriver#open} calls that succeeded
     * @param driverCloses  {@link TtyDriver#close} calls
     * @param driverHangups {@link TtyDriver#hangup} calls
     * @param hangups       generations hung up
     * @param releases      file releases (each file exactly once, by close or by hangup)
     */
    public record Counters(int driverOpens, int driverCloses, int driverHangups, int hangups, int releases) {
    }

    @Override
    public String toString() {
        return "tty " + name;
    }
}
