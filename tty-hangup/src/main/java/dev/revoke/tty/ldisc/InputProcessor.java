package dev.revoke.tty.ldisc;

import dev.revoke.tty.Termios;

import java.util.List;

import static dev.revoke.tty.Termios.ECHO;
import static dev.revoke.tty.Termios.ECHOCTL;
import static dev.revoke.tty.Termios.ECHOE;
import static dev.revoke.tty.Termios.ECHOK;
import static dev.revoke.tty.Termios.ECHOKE;
import static dev.revoke.tty.Termios.ECHONL;
import static dev.revoke.tty.Termios.ECHOPRT;
import static dev.revoke.tty.Termios.EXTPROC;
import static dev.revoke.tty.Termios.ICANON;
import static dev.revoke.tty.Termios.ICRNL;
import static dev.revoke.tty.Termios.IEXTEN;
import static dev.revoke.tty.Termios.IGNCR;
import static dev.revoke.tty.Termios.INLCR;
import static dev.revoke.tty.Termios.ISIG;
import static dev.revoke.tty.Termios.ISTRIP;
import static dev.revoke.tty.Termios.IUCLC;
import static dev.revoke.tty.Termios.IUTF8;
import static dev.revoke.tty.Termios.IXANY;
import static dev.revoke.tty.Termios.IXON;
import static dev.revoke.tty.Termios.NOFLSH;
import static dev.revoke.tty.Termios.PARMRK;
import static dev.revoke.tty.Termios.VEOF;
import static dev.revoke.tty.Termios.VEOL;
import static dev.revoke.tty.Termios.VEOL2;
import static dev.revoke.tty.Termios.VERASE;
import static dev.revoke.tty.Termios.VINTR;
import static dev.revoke.tty.Termios.VKILL;
import static dev.revoke.tty.Termios.VLNEXT;
import static dev.revoke.tty.Termios.VQUIT;
import static dev.revoke.tty.Termios.VREPRINT;
import static dev.revoke.tty.Termios.VSTART;
import static dev.revoke.tty.Termios.VSTOP;
import static dev.revoke.tty.Termios.VSUSP;
import static dev.revoke.tty.Termios.VWERASE;

/**
 * The input half of the line discipline, N_TTY's receive_buf: what happens to
 * each byte the driver delivers (typed at the terminal; for a pty, written to
 * the master). In order: ISTRIP and IUCLC; START/STOP flow control (IXON,
 * IXANY); INTR, QUIT and SUSP (ISIG), which flush and raise a signal; CR/NL
 * mapping (IGNCR, ICRNL, INLCR); in canonical mode the editing characters
 * (ERASE, WERASE, KILL, LNEXT, REPRINT) and the line ends (NL, EOL, EOL2,
 * EOF); echo; and finally the byte into the {@link ReadBuffer}.
 *
 * <p>A byte that no setting can affect skips all of that ("raw": none of the
 * flags above is set), as in N_TTY. Guarded by the line discipline's lock;
 * signals are only collected here and raised by the caller once it has let
 * go of the lock.
 */
final class InputProcessor {
    private final ReadBuffer buffer;
    private final EchoBuffer echoes;
    private final OutputProcessor output;
    private final List<TtySignal> raised;
    private Termios t;
    /** The previous byte was LNEXT: take this one literally. */
    private boolean literalNext;
    /** Inside an ECHOPRT erase, between the "\" and the closing "/". */
    private boolean erasing;
    private boolean raw;

    InputProcessor(ReadBuffer buffer, EchoBuffer echoes, OutputProcessor output, List<TtySignal> raised, Termios termios) {
        this.buffer = buffer;
        this.echoes = echoes;
        this.output = output;
        this.raised = raised;
        termiosChanged(null, termios);
    }

    /** N_TTY's set_termios: a change of ICANON reshapes the buffer and ends any editing state. */
    void termiosChanged(Termios old, Termios now) {
        t = now;
        if (old == null || ((old.lflag() ^ now.lflag()) & (ICANON | EXTPROC)) != 0) {
            buffer.canonicalModeChanged(now.local(ICANON));
            erasing = false;
            literalNext = false;
        }
        raw = (now.iflag() & (ISTRIP | IUCLC | IGNCR | ICRNL | INLCR | IXON | PARMRK)) == 0
                && (now.lflag() & (ICANON | ISIG | ECHO)) == 0;
    }

    private boolean canonical() {
        return t.local(ICANON);
    }

    /**
     * Processes bytes while the buffer has room; returns how many were taken.
     * The rest must wait for a reader to make room. A canonical line with no
     * complete line before it is never refused: past the end of the buffer
     * each new byte replaces the last, so an editing character or a newline
     * can still get through.
     */
    int receive(byte[] b, int off, int len) {
        int done = 0;
        while (done < len) {
            int room = buffer.room(t.input(PARMRK));
            if (room <= 0) {
                boolean overflow = canonical() && buffer.canonHead == buffer.tail;
                if (overflow && room < 0) {
                    buffer.dropLast();
                }
                room = overflow ? 1 : 0;
            }
            int n = Math.min(len - done, room);
            if (n == 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                receiveByte(b[off + done + i] & 0xff);
            }
            done += n;
        }
        return done;
    }

    private void receiveByte(int c) {
        if (raw) {
            buffer.put(c);
            return;
        }
        c = inputCase(c);
        if (literalNext) {
            literalNext = false;
            receivePlain(c);
        } else if (t.local(EXTPROC)) {
            buffer.put(c);
        } else if (isSpecial(c)) {
            receiveSpecial(c);
        } else {
            receivePlain(c);
        }
    }

    private int inputCase(int c) {
        if (t.input(ISTRIP)) {
            c &= 0x7f;
        }
        if (t.input(IUCLC) && t.local(IEXTEN)) {
            c = KernelCtype.toLower(c);
        }
        return c;
    }

    /** N_TTY's char_map: bytes that some setting gives a meaning. NUL never has one. */
    private boolean isSpecial(int c) {
        if (c == Termios.DISABLED) {
            return false;
        }
        if (c == '\r' && (t.input(IGNCR) || t.input(ICRNL))) {
            return true;
        }
        if (c == '\n' && t.input(INLCR)) {
            return true;
        }
        if (canonical()) {
            if (c == t.cc(VERASE) || c == t.cc(VKILL) || c == t.cc(VEOF) || c == '\n' || c == t.cc(VEOL)) {
                return true;
            }
            if (t.local(IEXTEN) && (c == t.cc(VWERASE) || c == t.cc(VLNEXT) || c == t.cc(VEOL2)
                    || (t.local(ECHO) && c == t.cc(VREPRINT)))) {
                return true;
            }
        }
        if (t.input(IXON) && (c == t.cc(VSTART) || c == t.cc(VSTOP))) {
            return true;
        }
        return t.local(ISIG) && (c == t.cc(VINTR) || c == t.cc(VQUIT) || c == t.cc(VSUSP));
    }

    /** An ordinary byte: echoed (as ^X with ECHOCTL) and stored. */
    private void receivePlain(int c) {
        restartOnAnyKey();
        if (t.local(ECHO)) {
            finishErasing();
            if (buffer.canonHead == buffer.head) {
                echoes.setCanonColumn();
            }
            echoes.character(c, t.local(ECHOCTL));
        }
        store(c);
    }

    private void store(int c) {
        if (c == 0xff && t.input(PARMRK)) {
            buffer.put(c);
        }
        buffer.put(c);
    }

    private void restartOnAnyKey() {
        if (output.isStopped() && !output.isTcoStopped() && t.input(IXON) && t.input(IXANY)) {
            output.start();
        }
    }

    private void receiveSpecial(int c) {
        if (t.input(IXON) && (c == t.cc(VSTART) || c == t.cc(VSTOP))) {
            if (c == t.cc(VSTART)) {
                output.start();
            } else {
                output.stop();
            }
            return;
        }
        if (t.local(ISIG)) {
            if (c == t.cc(VINTR)) {
                signal(TtySignal.SIGINT, c);
                return;
            }
            if (c == t.cc(VQUIT)) {
                signal(TtySignal.SIGQUIT, c);
                return;
            }
            if (c == t.cc(VSUSP)) {
                signal(TtySignal.SIGTSTP, c);
                return;
            }
        }
        restartOnAnyKey();
        if (c == '\r') {
            if (t.input(IGNCR)) {
                return;
            }
            if (t.input(ICRNL)) {
                c = '\n';
            }
        } else if (c == '\n' && t.input(INLCR)) {
            c = '\r';
        }
        if (canonical() && receiveCanonical(c)) {
            return;
        }
        if (t.local(ECHO)) {
            finishErasing();
            if (c == '\n') {
                echoes.raw('\n');
            } else {
                if (buffer.canonHead == buffer.head) {
                    echoes.setCanonColumn();
                }
                echoes.character(c, t.local(ECHOCTL));
            }
        }
        store(c);
    }

    /**
     * INTR, QUIT or SUSP: unless NOFLSH, pending input and echoes not yet
     * written are thrown away (the driver's output flush, for a pty, cannot
     * reach what the master already holds; see {@link NTty#flush}); flow
     * control restarts; the character is echoed; the signal is raised for
     * the session layer.
     */
    private void signal(TtySignal sig, int c) {
        raised.add(sig);
        if (!t.local(NOFLSH)) {
            echoes.clear();
            buffer.reset();
            erasing = false;
        }
        if (t.input(IXON)) {
            output.start();
        }
        if (t.local(ECHO)) {
            echoes.character(c, t.local(ECHOCTL));
        }
    }

    /** The canonical-mode meanings; false if {@code c} is an ordinary byte after all. */
    private boolean receiveCanonical(int c) {
        if (c == t.cc(VERASE) || c == t.cc(VKILL) || (c == t.cc(VWERASE) && t.local(IEXTEN))) {
            erase(c);
            return true;
        }
        if (c == t.cc(VLNEXT) && t.local(IEXTEN)) {
            literalNext = true;
            if (t.local(ECHO)) {
                finishErasing();
                if (t.local(ECHOCTL)) {
                    echoes.raw('^');
                    echoes.raw('\b');
                }
            }
            return true;
        }
        if (c == t.cc(VREPRINT) && t.local(ECHO) && t.local(IEXTEN)) {
            finishErasing();
            echoes.character(c, t.local(ECHOCTL));
            echoes.raw('\n');
            for (long p = buffer.canonHead; p != buffer.head; p++) {
                echoes.character(buffer.at(p), t.local(ECHOCTL));
            }
            return true;
        }
        if (c == '\n') {
            if (t.local(ECHO) || t.local(ECHONL)) {
                echoes.raw('\n');
            }
            buffer.endLine(c);
            return true;
        }
        if (c == t.cc(VEOF)) {
            buffer.endLine(ReadBuffer.EOF_MARK);
            return true;
        }
        if (c == t.cc(VEOL) || (c == t.cc(VEOL2) && t.local(IEXTEN))) {
            if (t.local(ECHO)) {
                if (buffer.canonHead == buffer.head) {
                    echoes.setCanonColumn();
                }
                echoes.character(c, t.local(ECHOCTL));
            }
            if (c == 0xff && t.input(PARMRK)) {
                buffer.put(c);
            }
            buffer.endLine(c);
            return true;
        }
        return false;
    }

    private enum EraseKind { CHARACTER, WORD, LINE }

    /**
     * ERASE, WERASE and KILL: take back the last character, word or the whole
     * line being edited, and show it on the screen: "\b \b" per column with
     * ECHOE (two for a ^X), enough backspaces to undo a tab, a "\...\/"
     * transcript with ECHOPRT, the ERASE character itself without ECHOE, and
     * for KILL without ECHOKE the KILL character and (ECHOK) a newline.
     * A UTF-8 character (IUTF8) goes as a whole.
     */
    private void erase(int c) {
        if (buffer.head == buffer.canonHead) {
            return;
        }
        EraseKind kind;
        if (c == t.cc(VERASE)) {
            kind = EraseKind.CHARACTER;
        } else if (c == t.cc(VWERASE)) {
            kind = EraseKind.WORD;
        } else {
            if (!t.local(ECHO)) {
                buffer.head = buffer.canonHead;
                return;
            }
            if (!t.local(ECHOK) || !t.local(ECHOKE) || !t.local(ECHOE)) {
                buffer.head = buffer.canonHead;
                finishErasing();
                echoes.character(t.cc(VKILL), t.local(ECHOCTL));
                if (t.local(ECHOK)) {
                    echoes.raw('\n');
                }
                return;
            }
            kind = EraseKind.LINE;
        }
        int wordChars = 0;
        while (buffer.head != buffer.canonHead) {
            long start = buffer.head;
            int last;
            do {
                start--;
                last = buffer.at(start);
            } while (isContinuation(last) && start != buffer.canonHead);
            if (isContinuation(last)) {
                break;
            }
            if (kind == EraseKind.WORD) {
                if (KernelCtype.isAlnum(last) || last == '_') {
                    wordChars++;
                } else if (wordChars > 0) {
                    break;
                }
            }
            int bytes = (int) (buffer.head - start);
            buffer.head = start;
            if (t.local(ECHO)) {
                echoErased(kind, last, start, bytes);
            }
            if (kind == EraseKind.CHARACTER) {
                break;
            }
        }
        if (buffer.head == buffer.canonHead && t.local(ECHO)) {
            finishErasing();
        }
    }

    private void echoErased(EraseKind kind, int c, long start, int bytes) {
        boolean echoctl = t.local(ECHOCTL);
        if (t.local(ECHOPRT)) {
            if (!erasing) {
                echoes.raw('\\');
                erasing = true;
            }
            echoes.character(c, echoctl);
            for (int i = 1; i < bytes; i++) {
                echoes.raw(buffer.at(start + i));
                echoes.moveBackColumn();
            }
        } else if (kind == EraseKind.CHARACTER && !t.local(ECHOE)) {
            echoes.character(t.cc(VERASE), echoctl);
        } else if (c == '\t') {
            echoTabErase();
        } else {
            boolean control = KernelCtype.isControl(c);
            if (control && echoctl) {
                rubOut();
            }
            if (!control || echoctl) {
                rubOut();
            }
        }
    }

    /**
     * How far back a tab reaches depends on what stands before it on the
     * line: the columns since the previous tab, or since the start of the
     * line being edited (plus the column that line began at, which only the
     * output side knows when the echo goes out).
     */
    private void echoTabErase() {
        int columns = 0;
        boolean afterTab = false;
        for (long p = buffer.head; p != buffer.canonHead; ) {
            p--;
            int c = buffer.at(p);
            if (c == '\t') {
                afterTab = true;
                break;
            } else if (KernelCtype.isControl(c)) {
                if (t.local(ECHOCTL)) {
                    columns += 2;
                }
            } else if (!isContinuation(c)) {
                columns++;
            }
        }
        echoes.eraseTab(columns, afterTab);
    }

    private void rubOut() {
        echoes.raw('\b');
        echoes.raw(' ');
        echoes.raw('\b');
    }

    private void finishErasing() {
        if (erasing) {
            echoes.raw('/');
            erasing = false;
        }
    }

    private boolean isContinuation(int c) {
        return t.input(IUTF8) && KernelCtype.isUtf8Continuation(c);
    }

    /** Flushing input (TCIFLUSH) ends any ECHOPRT transcript too. */
    void reset() {
        buffer.reset();
        erasing = false;
    }
}
