package dev.revoke.cli.scenario;

import dev.revoke.cli.emulation.Outcome;
import dev.revoke.cli.emulation.TtyCalls;
import dev.revoke.kernel.Kernel;
import dev.revoke.ramfs.RamFs;
import dev.revoke.tty.Tty;
import dev.revoke.tty.TtyLayer;
import dev.revoke.tty.pty.PtyDriver;
import dev.revoke.tty.pty.PtyPair;
import dev.revoke.vfs.DeviceNumber;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.InodeType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The scenario language's terminals (the tty layer):
 *
 * <pre>
 * pty NAME for PROC         PROC (a terminal emulator) opens /dev/ptmx and unlocks the slave;
 *                           NAME is bound to the master's descriptor and names the terminal
 * login PROC on NAME|PATH   PROC, a session leader, opens the slave: its controlling tty, on fds 0-2
 * hangup NAME|PATH          carrier loss (tty_hangup): every file of the tty revoked, SIGHUP and
 *                           SIGCONT to the session leader; LAST 0, released the files hung up
 * T: setsid | setpgid PGID | vhangup | tcgetattr FD | tcsetattr FD SETTING...
 * </pre>
 *
 * Job-control ioctls (TIOCSCTTY, TIOCNOTTY, TIOCGPGRP, TIOCSPGRP, TIOCGSID)
 * go through the ordinary {@code ioctl} call, whose argument forms follow
 * the request (see {@link BuiltinSyscalls}).
 */
public final class TtyCommands {
    private TtyCommands() {
    }

    public static void install(ScenarioLanguage l) {
        l.directive("pty", BuiltinDirectives.directive("pty NAME for PROC (PROC opens /dev/ptmx; NAME is the master's descriptor)", (a, s) -> {
            String name = a.word("NAME");
            if (!a.word("'for'").equals("for")) {
                throw a.error("expected 'for'");
            }
            String proc = a.word("PROC");
            a.end();
            s.requireProcess(proc);
            s.declarePty(name);
            boolean ownThread = !s.busy.containsKey(proc);
            return w -> {
                TtyLayer.Terminal[] made = new TtyLayer.Terminal[1];
                Outcome o = BuiltinDirectives.runAs(w, proc, ownThread, TtyCalls.openpty(w.emulation().ttys(), t -> made[0] = t));
                if (o.isError() || made[0] == null) {
                    throw new ScenarioFailure("pty " + name + ": openpty failed: " + Outcome.result(o.value()));
                }
                w.addTerminal(name, made[0]);
                w.last(o);
            };
        }));
        l.directive("login", BuiltinDirectives.directive("login PROC on NAME|PATH (PROC opens the slave: its controlling tty, on fds 0-2)", (a, s) -> {
            String proc = a.word("PROC");
            if (!a.word("'on'").equals("on")) {
                throw a.error("expected 'on'");
            }
            TtyRef where = ttyRef(a, s);
            a.end();
            s.requireProcess(proc);
            boolean ownThread = !s.busy.containsKey(proc);
            return w -> w.last(BuiltinDirectives.runAs(w, proc, ownThread, TtyCalls.login(where.slavePath(w))));
        }));
        l.directive("hangup", BuiltinDirectives.directive("hangup NAME|PATH (carrier loss: tty_hangup of a pty made by `pty NAME`,"
                + " or of the terminal at PATH)", (a, s) -> {
            TtyRef where = ttyRef(a, s);
            a.end();
            return w -> {
                Tty tty = where.tty(w);
                Outcome o = BuiltinDirectives.run(w, w.kernel(), TtyCalls.hangup(tty));
                w.last(o);
                w.released(o.released() == Outcome.NONE ? 0 : o.released());
            };
        }));

        l.syscall("setsid", BuiltinSyscalls.spec("setsid (a new session, without a controlling tty; EPERM for a group leader)", (a, s, b) -> {
            a.end();
            return w -> TtyCalls.setsid();
        }));
        l.syscall("setpgid", BuiltinSyscalls.spec("setpgid PGID (of the caller; 0: a group of its own)", (a, s, b) -> {
            IntRef group = a.intRef("PGID", s);
            a.end();
            return w -> TtyCalls.setpgid((int) group.get(w));
        }));
        l.syscall("vhangup", BuiltinSyscalls.spec("vhangup (hangs up the caller's controlling tty; needs root)", (a, s, b) -> {
            a.end();
            return w -> TtyCalls.vhangup();
        }));
        l.syscall("tcgetattr", BuiltinSyscalls.spec("tcgetattr FD (the data: the settings as stty words that differ from sane, or \"sane\")", (a, s, b) -> {
            IntRef fd = a.intRef("FD", s);
            a.end();
            return w -> TtyCalls.tcgetattr((int) fd.get(w));
        }));
        l.syscall("tcsetattr", BuiltinSyscalls.spec("tcsetattr FD SETTING... (stty words: sane, raw, icanon, -echo...)", (a, s, b) -> {
            IntRef fd = a.intRef("FD", s);
            List<String> words = settings(a);
            if (words.isEmpty()) {
                throw a.error("missing SETTING");
            }
            return w -> TtyCalls.tcsetattr((int) fd.get(w), words);
        }));
    }

    /** The remaining words, each an stty word {@link TtyCalls} knows. */
    static List<String> settings(Args a) throws ScenarioError {
        List<String> words = new ArrayList<>();
        while (a.more()) {
            String w = a.word("SETTING");
            if (!TtyCalls.isSetting(w)) {
                throw a.error("unknown setting '" + w + "' (settings: " + String.join(" ", TtyCalls.settingWords())
                        + ", each flag also with a leading -)");
            }
            words.add(w);
        }
        return words;
    }

    /** A terminal named by a {@code pty} NAME or by a PATH. */
    private interface TtyRef {
        Tty tty(World w) throws ScenarioFailure;

        String slavePath(World w) throws ScenarioFailure;
    }

    private static TtyRef ttyRef(Args a, ParseScope s) throws ScenarioError {
        Token t = a.next("NAME or PATH");
        if (t.text().startsWith("/")) {
            String path = t.display();
            return new TtyRef() {
                @Override
                public Tty tty(World w) throws ScenarioFailure {
                    return ttyAt(w, path);
                }

                @Override
                public String slavePath(World w) {
                    return path;
                }
            };
        }
        if (t.quoted()) {
            throw a.error("expected NAME or PATH (an absolute path), got '" + t.display() + "'");
        }
        String name = t.text();
        s.requirePty(name);
        return new TtyRef() {
            @Override
            public Tty tty(World w) {
                return w.terminal(name).tty();
            }

            @Override
            public String slavePath(World w) {
                return w.terminal(name).slavePath();
            }
        };
    }

    /** The tty whose device node is at {@code path} (symbolic links followed). */
    static Tty ttyAt(World w, String path) throws ScenarioFailure {
        Kernel k = w.emulation().kernel();
        Inode node = lookup(k, path);
        if (node == null) {
            throw new ScenarioFailure("hangup " + path + ": No such file or directory");
        }
        if (node.type() != InodeType.CHAR_DEVICE) {
            throw new ScenarioFailure("hangup " + path + ": not a terminal (not a character device)");
        }
        DeviceNumber n = node.rdev();
        TtyLayer ttys = w.emulation().ttys();
        if (n.equals(TtyLayer.DEV_TTY)) {
            throw new ScenarioFailure("hangup " + path + ": /dev/tty stands for the caller's controlling terminal;"
                    + " name the terminal itself (a pty NAME or /dev/pts/N)");
        }
        if (n.equals(TtyLayer.CONSOLE)) {
            if (ttys.console() == null) {
                throw new ScenarioFailure("hangup " + path + ": no console");
            }
            return ttys.console();
        }
        if (n.major() == PtyDriver.SLAVE_MAJOR) {
            PtyPair p = ttys.ptys().pair(n.minor());
            if (p == null) {
                throw new ScenarioFailure("hangup " + path + ": pty " + n.minor() + " is gone (its master was closed)");
            }
            return p.slave();
        }
        throw new ScenarioFailure("hangup " + path + ": not a terminal (character device " + n + ")"
                + (n.equals(PtyDriver.PTMX) ? ": /dev/ptmx makes a new pty at each open; name the slave" : ""));
    }

    /** Path lookup in the root filesystem, following symbolic links; null if a component is missing. */
    private static Inode lookup(Kernel k, String path) {
        Deque<String> todo = new ArrayDeque<>(List.of(path.split("/")));
        Deque<Inode> walked = new ArrayDeque<>();
        Inode root = k.rootDirectory();
        Inode cur = root;
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                cur = walked.isEmpty() ? root : walked.pollLast();
                continue;
            }
            if (cur.type() != InodeType.DIRECTORY) {
                return null;
            }
            Inode next = cur.lookup(name, k.init());
            if (next == null) {
                return null;
            }
            if (next instanceof RamFs.Symlink link) {
                if (++links > 40) {
                    return null;
                }
                String target = link.readlink(k.init());
                List<String> parts = List.of(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    todo.addFirst(parts.get(i));
                }
                if (target.startsWith("/")) {
                    walked.clear();
                    cur = root;
                }
                continue;
            }
            walked.addLast(cur);
            cur = next;
        }
        return cur;
    }
}
