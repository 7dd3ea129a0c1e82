package dev.revoke.tty.session;

import static dev.revoke.panama.Errno.EINVAL;
import static dev.revoke.panama.Errno.ENOTTY;
import static dev.revoke.panama.Errno.EPERM;
import static dev.revoke.panama.Errno.ESRCH;

import dev.revoke.kernel.Capability;
import dev.revoke.kernel.Kernel;
import dev.revoke.kernel.Process;
import dev.revoke.kernel.Signal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A terminal's job-control state: the session it controls and its
 * foreground process group (Linux's {@code tty->session} and
 * {@code tty->pgrp}), and the rules of {@code drivers/tty/tty_jobctrl.c}
 * for changing them. The other half of the relation lives on each emulated
 * process: {@link Process#controllingTty()} holds the tty object itself.
 *
 * <p>Results are Linux's, checked against a real pty (see docs/tty.md):
 * <ul>
 * <li>an open without O_NOCTTY by a session leader that has no controlling
 *     tty, of a readable file of a tty that has no session, makes it the
 *     session's controlling tty;
 * <li>TIOCSCTTY: 0 if the caller's session already has it; EPERM unless the
 *     caller is a session leader without a controlling tty; EPERM if another
 *     session has it, unless arg is 1 and the caller has CAP_SYS_ADMIN (then
 *     it is stolen); EPERM for a write-only file without CAP_SYS_ADMIN;
 * <li>TIOCNOTTY: ENOTTY unless it is the caller's controlling tty. A session
 *     leader's TIOCNOTTY sends SIGHUP and SIGCONT to the foreground group and
 *     takes the tty from the whole session; anyone else's only from itself;
 * <li>TIOCGPGRP, TIOCGSID: ENOTTY unless it is the caller's controlling tty
 *     (a pty master may ask about its slave regardless);
 * <li>TIOCSPGRP: ENOTTY unless it is the caller's controlling tty and of the
 *     caller's session; EINVAL for a negative group; ESRCH if no process is
 *     in (or is) that group; EPERM if the group is in another session.
 * </ul>
 * Background processes are not stopped with SIGTTOU, as if they ignored it
 * (what shells do before calling tcsetpgrp).
 *
 * <p>A hangup ({@link #hangup()}) follows {@code tty_signal_session_leader}:
 * SIGHUP then SIGCONT to the session leader only (not to the foreground
 * group), every process of the session loses the tty, and the tty forgets
 * session and group, so that the next session leader to open it gets it.
 *
 * <p>The lock orders changes of this state; it is taken inside the tty's
 * own lock and never around anything that could wait.
 */
public final class SessionControl {
    private static final int NONE = 0;

    private final Object tty;
    private final Kernel kernel;
    private final ReentrantLock lock = new ReentrantLock();
    private int session = NONE;
    private int pgrp = NONE;

    /** @param tty the object processes hold as their controlling tty */
    public SessionControl(Object tty, Kernel kernel) {
        this.tty = tty;
        this.kernel = kernel;
    }

    /** The session this tty controls; 0 for none. */
    public int session() {
        lock.lock();
        try {
            return session;
        } finally {
            lock.unlock();
        }
    }

    /** The foreground process group; 0 for none. */
    public int foregroundGroup() {
        lock.lock();
        try {
            return pgrp;
        } finally {
            lock.unlock();
        }
    }

    /** {@code tty_open_proc_set_tty}: an open without O_NOCTTY of a readable file. */
    public void acquireOnOpen(Process p) {
        lock.lock();
        try {
            if (p.isSessionLeader() && p.controllingTty() == null && session == NONE) {
                setLocked(p);
            }
        } finally {
            lock.unlock();
        }
    }

    /** TIOCSCTTY. @param readable the file was opened for reading */
    public int tiocsctty(Process p, boolean readable, int arg) {
        if (p == null) {
            return EPERM.negative();
        }
        lock.lock();
        try {
            if (p.isSessionLeader() && session != NONE && session == p.sessionId()) {
                return 0;
            }
            if (!p.isSessionLeader() || p.controllingTty() != null) {
                return EPERM.negative();
            }
            if (session != NONE) {
                if (arg == 1 && p.hasCapability(Capability.CAP_SYS_ADMIN)) {
                    clearSessionLocked(session);
                } else {
                    return EPERM.negative();
                }
            }
            if (!readable && !p.hasCapability(Capability.CAP_SYS_ADMIN)) {
                return EPERM.negative();
            }
            setLocked(p);
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /** TIOCNOTTY. */
    public int tiocnotty(Process p) {
        if (p == null || p.controllingTty() != tty) {
            return ENOTTY.negative();
        }
        if (p.isSessionLeader()) {
            int fg;
            lock.lock();
            try {
                fg = pgrp;
                session = NONE;
                pgrp = NONE;
                clearSessionLocked(p.sessionId());
            } finally {
                lock.unlock();
            }
            signalGroup(fg, Signal.SIGHUP);
            signalGroup(fg, Signal.SIGCONT);
        }
        p.setControllingTty(null);
        return 0;
    }

    /**
     * TIOCGPGRP.
     *
     * @param fromMaster asked through a pty master, which needs no controlling-tty relation
     * @return the group (0 for none), or {@code -ENOTTY}
     */
    public int tiocgpgrp(Process p, boolean fromMaster) {
        if (!fromMaster && (p == null || p.controllingTty() != tty)) {
            return ENOTTY.negative();
        }
        return foregroundGroup();
    }

    /** TIOCGSID: the session, or {@code -ENOTTY} (also when the tty has none). */
    public int tiocgsid(Process p, boolean fromMaster) {
        if (!fromMaster && (p == null || p.controllingTty() != tty)) {
            return ENOTTY.negative();
        }
        int s = session();
        return s == NONE ? ENOTTY.negative() : s;
    }

    /** TIOCSPGRP. */
    public int tiocspgrp(Process p, int group) {
        lock.lock();
        try {
            if (p == null || p.controllingTty() != tty || session != p.sessionId()) {
                return ENOTTY.negative();
            }
            if (group < 0) {
                return EINVAL.negative();
            }
            int sid = sessionOfGroup(group);
            if (sid < 0) {
                return ESRCH.negative();
            }
            if (sid != p.sessionId()) {
                return EPERM.negative();
            }
            pgrp = group;
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The session part of a hangup ({@code tty_signal_session_leader}):
     * every process of the session loses the tty; the session leader gets
     * SIGHUP, then SIGCONT; the tty forgets session and foreground group.
     *
     * @return the session leaders signalled
     */
    public List<Process> hangup() {
        List<Process> leaders = new ArrayList<>();
        lock.lock();
        try {
            if (session != NONE) {
                for (Process p : kernel.processes()) {
                    if (p.sessionId() != session || p.hasExited()) {
                        continue;
                    }
                    if (p.controllingTty() == tty) {
                        p.setControllingTty(null);
                    }
                    if (p.isSessionLeader()) {
                        p.signal(Signal.SIGHUP);
                        p.signal(Signal.SIGCONT);
                        leaders.add(p);
                    }
                }
            }
            session = NONE;
            pgrp = NONE;
        } finally {
            lock.unlock();
        }
        return leaders;
    }

    /**
     * A session leader whose controlling tty this is has exited
     * ({@code disassociate_ctty(1)} for a pty): the foreground group gets
     * SIGHUP, the tty forgets session and group, and the rest of the session
     * loses it. (A tty that is not a pty would be hung up instead; the
     * emulation has only ptys.)
     */
    public void leaderExited(Process leader) {
        int fg;
        lock.lock();
        try {
            if (session == NONE || session != leader.sessionId()) {
                return;
            }
            fg = pgrp;
            session = NONE;
            pgrp = NONE;
            clearSessionLocked(leader.sessionId());
        } finally {
            lock.unlock();
        }
        signalGroup(fg, Signal.SIGHUP);
    }

    /** ISIG: a signal character was typed; the foreground group gets the signal. */
    public void signalForeground(Signal s) {
        signalGroup(foregroundGroup(), s);
    }

    private void signalGroup(int group, Signal s) {
        if (group == NONE) {
            return;
        }
        for (Process p : kernel.processes()) {
            if (p.processGroup() == group && !p.hasExited()) {
                p.signal(s);
            }
        }
    }

    private void setLocked(Process p) {
        session = p.sessionId();
        pgrp = p.processGroup();
        p.setControllingTty(tty);
    }

    /** {@code session_clear_tty}: no process of {@code sid} keeps this tty. */
    private void clearSessionLocked(int sid) {
        for (Process p : kernel.processes()) {
            if (p.sessionId() == sid && p.controllingTty() == tty) {
                p.setControllingTty(null);
            }
        }
    }

    /** Linux's {@code session_of_pgrp}: the session of a member of the group, or of the process with that pid; -1 if none. */
    private int sessionOfGroup(int group) {
        Process byPid = null;
        for (Process p : kernel.processes()) {
            if (p.hasExited()) {
                continue;
            }
            if (p.processGroup() == group) {
                return p.sessionId();
            }
            if (p.pid() == group) {
                byPid = p;
            }
        }
        return byPid == null ? -1 : byPid.sessionId();
    }
}
