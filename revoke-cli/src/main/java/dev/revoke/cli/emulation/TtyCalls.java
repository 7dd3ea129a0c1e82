package dev.revoke.cli.emulation;

import static dev.revoke.panama.Errno.EIO;

import dev.revoke.cli.text.Quote;
import dev.revoke.kernel.Process;
import dev.revoke.kernel.Signal;
import dev.revoke.tty.HangupReport;
import dev.revoke.tty.Termios;
import dev.revoke.tty.Tty;
import dev.revoke.tty.TtyIoctl;
import dev.revoke.tty.TtyLayer;
import dev.revoke.tty.WinSize;
import dev.revoke.vfs.Abi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The tty layer's calls as {@link Call}s, shared by the demo's tty scene and
 * the scenario language: a terminal emulator's {@code openpty}, a shell's
 * login on a slave, setsid, vhangup(2), carrier loss ({@code tty_hangup}),
 * tcgetattr/tcsetattr with stty words, and the ioctls whose argument is a
 * struct (TCGETS, TCSETS, TIOCGWINSZ, TIOCSWINSZ; the int ones go through
 * {@link Calls#ioctl}).
 */
public final class TtyCalls {
    /**
     * The stty words the calls read and write, in stty's order; each one
     * flag of one field. {@code raw} and {@code sane} set the whole struct.
     */
    private static final Map<String, int[]> FLAGS = new LinkedHashMap<>();
    private static final int I = 0;
    private static final int O = 1;
    private static final int L = 2;

    static {
        flag("icrnl", I, Termios.ICRNL);
        flag("inlcr", I, Termios.INLCR);
        flag("igncr", I, Termios.IGNCR);
        flag("istrip", I, Termios.ISTRIP);
        flag("ixon", I, Termios.IXON);
        flag("ixany", I, Termios.IXANY);
        flag("iutf8", I, Termios.IUTF8);
        flag("opost", O, Termios.OPOST);
        flag("onlcr", O, Termios.ONLCR);
        flag("ocrnl", O, Termios.OCRNL);
        flag("isig", L, Termios.ISIG);
        flag("icanon", L, Termios.ICANON);
        flag("iexten", L, Termios.IEXTEN);
        flag("echo", L, Termios.ECHO);
        flag("echoe", L, Termios.ECHOE);
        flag("echok", L, Termios.ECHOK);
        flag("echonl", L, Termios.ECHONL);
        flag("echoctl", L, Termios.ECHOCTL);
        flag("echoke", L, Termios.ECHOKE);
        flag("noflsh", L, Termios.NOFLSH);
        flag("tostop", L, Termios.TOSTOP);
    }

    private TtyCalls() {
    }

    private static void flag(String name, int field, int bit) {
        FLAGS.put(name, new int[] {field, bit});
    }

    /** The stty words understood by {@link #applySettings}: {@code raw}, {@code sane}, and each flag with or without a '-'. */
    public static List<String> settingWords() {
        List<String> w = new ArrayList<>(List.of("raw", "sane"));
        w.addAll(FLAGS.keySet());
        return w;
    }

    /** Is {@code word} a setting {@link #applySettings} understands? */
    public static boolean isSetting(String word) {
        return word.equals("raw") || word.equals("sane") || FLAGS.containsKey(word.startsWith("-") ? word.substring(1) : word);
    }

    /**
     * Applies stty words to {@code t} in order: {@code sane} (a fresh pty
     * slave's settings), {@code raw} (cfmakeraw), {@code icanon},
     * {@code -echo}...
     *
     * @throws IllegalArgumentException for a word it does not know
     */
    public static Termios applySettings(Termios t, List<String> words) {
        Termios r = t.copy();
        for (String w : words) {
            if (w.equals("sane")) {
                r = Termios.ptySlaveDefaults();
            } else if (w.equals("raw")) {
                r = r.makeRaw();
            } else {
                boolean off = w.startsWith("-");
                int[] f = FLAGS.get(off ? w.substring(1) : w);
                if (f == null) {
                    throw new IllegalArgumentException("unknown setting '" + w + "'");
                }
                int v = switch (f[0]) {
                    case I -> r.iflag();
                    case O -> r.oflag();
                    default -> r.lflag();
                };
                v = off ? v & ~f[1] : v | f[1];
                switch (f[0]) {
                    case I -> r.iflag(v);
                    case O -> r.oflag(v);
                    default -> r.lflag(v);
                }
            }
        }
        return r;
    }

    /**
     * The settings as stty words, only those that differ from {@code sane}
     * ({@code -icanon -echo}), or {@code sane}; MIN and TIME when they differ.
     */
    public static String describe(Termios t) {
        Termios sane = Termios.ptySlaveDefaults();
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, int[]> e : FLAGS.entrySet()) {
            int[] f = e.getValue();
            boolean on = field(t, f[0], f[1]);
            if (on != field(sane, f[0], f[1])) {
                b.append(b.isEmpty() ? "" : " ").append(on ? "" : "-").append(e.getKey());
            }
        }
        if (t.cc(Termios.VMIN) != sane.cc(Termios.VMIN) || t.cc(Termios.VTIME) != sane.cc(Termios.VTIME)) {
            b.append(b.isEmpty() ? "" : " ").append("min ").append(t.cc(Termios.VMIN)).append(" time ").append(t.cc(Termios.VTIME));
        }
        return b.isEmpty() ? "sane" : b.toString();
    }

    private static boolean field(Termios t, int field, int bit) {
        return switch (field) {
            case I -> t.input(bit);
            case O -> t.output(bit);
            default -> t.local(bit);
        };
    }

    // ---- sessions ------------------------------------------------------------------------------

    /**
     * A terminal emulator's {@code openpty}: open {@code /dev/ptmx}
     * (O_RDWR|O_NOCTTY), unlock the slave (TIOCSPTLCK 0), ask its number
     * (TIOCGPTN). The result is the master's descriptor; {@code made} gets
     * the terminal.
     */
    public static Call openpty(TtyLayer ttys, Consumer<TtyLayer.Terminal> made) {
        return new Call("openpty()", p -> {
            int fd = p.open("/dev/ptmx", Abi.O_RDWR | Abi.O_NOCTTY);
            if (fd < 0) {
                return Outcome.of(fd).withNote("open(\"/dev/ptmx\") failed");
            }
            long r = p.ioctl(fd, TtyIoctl.TIOCSPTLCK, 0);
            int[] n = new int[1];
            if (r >= 0) {
                r = p.ioctl(fd, TtyIoctl.TIOCGPTN, n);
            }
            if (r < 0) {
                p.close(fd);
                return Outcome.of(r).withNote("unlockpt/ptsname failed");
            }
            TtyLayer.Terminal t = new TtyLayer.Terminal(p, fd, ttys.ptys().pair(n[0]));
            made.accept(t);
            return Outcome.of(fd).withNote("the master; slave " + t.slavePath() + ", unlocked");
        });
    }

    /**
     * A login on a terminal: the process opens {@code slavePath} O_RDWR
     * (a session leader without a controlling tty acquires it), puts it on
     * descriptors 0, 1 and 2 and closes the extra descriptor. 0, or the
     * first failure's errno.
     */
    public static Call login(String slavePath) {
        return new Call("login(" + Quote.string(slavePath) + ")", p -> {
            int fd = p.open(slavePath, Abi.O_RDWR);
            if (fd < 0) {
                return Outcome.of(fd).withNote("open failed");
            }
            for (int i = 0; i < 3; i++) {
                int r = p.dup2(fd, i);
                if (r < 0) {
                    return Outcome.of(r).withNote("dup2(" + fd + ", " + i + ") failed");
                }
            }
            if (fd > 2) {
                p.close(fd);
            }
            String ctty = p.controllingTty() instanceof Tty t
                    ? "its controlling tty (session " + p.sessionId() + ", foreground group " + t.control().foregroundGroup() + ")"
                    : "not its controlling tty";
            return Outcome.of(0).withNote("open O_RDWR = " + fd + ": " + ctty + "; dup2 onto 0, 1, 2"
                    + (fd > 2 ? "; close(" + fd + ")" : ""));
        });
    }

    public static Call setsid() {
        return new Call("setsid()", p -> Outcome.of(p.setsid()));
    }

    /** {@code setpgid(0, pgid)}: 0 puts the caller in a group of its own. */
    public static Call setpgid(int pgid) {
        return new Call("setpgid(0, " + pgid + ")", p -> Outcome.of(p.setpgid(pgid)));
    }

    /** vhangup(2): CAP_SYS_TTY_CONFIG (root), else EPERM; hangs up the caller's controlling tty. */
    public static Call vhangup() {
        return new Call("vhangup()", p -> Outcome.of(p.vhangup())).showingDuration();
    }

    /**
     * Carrier loss on {@code tty}: Linux's {@code tty_hangup}, run on
     * another thread (the tty layer's, as a work queue); the call waits
     * for it and shows its report. A tty hung up already and not reopened
     * is left alone (0 files released).
     */
    public static Call hangup(Tty tty) {
        return new Call("tty_hangup(" + tty.name() + ")", p -> {
            HangupReport r;
            int before = tty.counters().hangups();
            try {
                r = tty.hangup().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.failed("interrupted");
            } catch (ExecutionException e) {
                return Outcome.failed(String.valueOf(e.getCause()));
            } catch (TimeoutException e) {
                return Outcome.failed("the hangup did not finish within 30 s");
            }
            if (tty.counters().hangups() == before) {
                return Outcome.of(0).withReleased(0).withNote("generation " + r.generation() + " was hung up already; nothing to do");
            }
            return Outcome.of(0).withReleased(r.filesHungUp()).withNote(describe(r));
        }).showingDuration();
    }

    /** {@code generation 1: 1 file hung up, SIGHUP and SIGCONT to pid 3, drain 0.010 ms}. */
    public static String describe(HangupReport r) {
        String sent = r.signalled().isEmpty() ? "no session to signal"
                : "SIGHUP and SIGCONT to " + (r.signalled().size() == 1 ? "pid " + r.signalled().get(0) : "pids " + r.signalled());
        return "generation " + r.generation() + ": " + r.filesHungUp() + (r.filesHungUp() == 1 ? " file" : " files")
                + " hung up, " + sent + ", drain " + Timeline.millis(r.revocation().drainNanos());
    }

    /** {@code [SIGHUP, SIGCONT]}. */
    public static String signals(Process p) {
        return p.signals().stream().map(Signal::name).toList().toString();
    }

    // ---- termios and window size ------------------------------------------------------------------

    /** tcgetattr(3): TCGETS; the outcome's data is {@link #describe(Termios)}. */
    public static Call tcgetattr(int fd) {
        return new Call("tcgetattr(" + fd + ")", p -> getTermios(p, fd));
    }

    /** ioctl(fd, TCGETS, {@code Termios[1]}): as tcgetattr, printed as the ioctl. */
    public static Call tcgets(int fd) {
        return new Call("ioctl(" + fd + ", TCGETS, {...})", p -> getTermios(p, fd));
    }

    private static Outcome getTermios(Process p, int fd) {
        Termios[] out = new Termios[1];
        long r = p.ioctl(fd, Abi.TCGETS, out);
        if (r < 0 || out[0] == null) {
            return Outcome.of(r < 0 ? r : EIO.negative());
        }
        String d = describe(out[0]);
        return Outcome.of(r).withData(d.getBytes(StandardCharsets.US_ASCII)).withNote(d);
    }

    /**
     * tcsetattr(3) with TCSANOW: TCGETS, the stty {@code words} applied, TCSETS.
     * The outcome's data is the settings afterwards.
     */
    public static Call tcsetattr(int fd, List<String> words) {
        List<String> w = List.copyOf(words);
        return new Call("tcsetattr(" + fd + ", TCSANOW, {" + String.join(" ", w) + "})", p -> {
            Termios[] cur = new Termios[1];
            long r = p.ioctl(fd, Abi.TCGETS, cur);
            if (r < 0) {
                return Outcome.of(r);
            }
            Termios t = applySettings(cur[0], w);
            r = p.ioctl(fd, Abi.TCSETS, t);
            if (r < 0) {
                return Outcome.of(r);
            }
            Termios[] now = new Termios[1];
            p.ioctl(fd, Abi.TCGETS, now);
            String d = now[0] == null ? describe(t) : describe(now[0]);
            return Outcome.of(r).withData(d.getBytes(StandardCharsets.US_ASCII)).withNote("now " + d);
        });
    }

    /** ioctl(fd, TCSETS|TCSETSW|TCSETSF, settings): {@code words} applied to {@code sane}. */
    public static Call tcsets(int fd, int request, List<String> words) {
        List<String> w = List.copyOf(words);
        return new Call("ioctl(" + fd + ", " + Flags.ioctlName(request) + ", {" + String.join(" ", w) + "})",
                p -> Outcome.of(p.ioctl(fd, request, applySettings(Termios.ptySlaveDefaults(), w))));
    }

    /** ioctl(fd, TIOCGWINSZ, {@code WinSize[1]}); the data is {@code ROWSxCOLS}. */
    public static Call getWinSize(int fd) {
        return new Call("ioctl(" + fd + ", TIOCGWINSZ, {...})", p -> {
            WinSize[] out = new WinSize[1];
            long r = p.ioctl(fd, Abi.TIOCGWINSZ, out);
            if (r < 0 || out[0] == null) {
                return Outcome.of(r < 0 ? r : EIO.negative());
            }
            String d = out[0].rows() + "x" + out[0].cols();
            return Outcome.of(r).withData(d.getBytes(StandardCharsets.US_ASCII))
                    .withNote("ws_row=" + out[0].rows() + ", ws_col=" + out[0].cols());
        });
    }

    /** ioctl(fd, TIOCSWINSZ, {@code WinSize}). */
    public static Call setWinSize(int fd, int rows, int cols) {
        return new Call("ioctl(" + fd + ", TIOCSWINSZ, {ws_row=" + rows + ", ws_col=" + cols + "})",
                p -> Outcome.of(p.ioctl(fd, Abi.TIOCSWINSZ, new WinSize(rows, cols))));
    }

    /** {@code 24x80} as rows and columns. */
    public static Optional<int[]> parseWinSize(String text) {
        int x = text.indexOf('x');
        if (x <= 0) {
            return Optional.empty();
        }
        try {
            int rows = Integer.parseInt(text.substring(0, x));
            int cols = Integer.parseInt(text.substring(x + 1));
            return rows >= 0 && rows <= 0xffff && cols >= 0 && cols <= 0xffff ? Optional.of(new int[] {rows, cols}) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
