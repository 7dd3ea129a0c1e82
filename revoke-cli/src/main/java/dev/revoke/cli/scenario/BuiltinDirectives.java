package dev.revoke.cli.scenario;

import dev.revoke.cli.emulation.Actor;
import dev.revoke.cli.emulation.Call;
import dev.revoke.cli.emulation.Calls;
import dev.revoke.cli.emulation.Outcome;
import dev.revoke.cli.emulation.ProcCalls;
import dev.revoke.cli.text.Quote;
import dev.revoke.kernel.CharDriver;
import dev.revoke.kernel.Process;
import dev.revoke.procfs.ProcFsException;
import dev.revoke.vfs.DeviceNumber;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The top-level commands of the scenario language: set-up (process,
 * thread, device, mkdir, symlink, proc), actions that are not a thread's
 * system call (revoke ... as PROC, proc remove), flow (wait, sleep,
 * timeout), narration (say) and checks (expect). The terminal ones (pty,
 * login, hangup) are {@link TtyCommands}'.
 */
final class BuiltinDirectives {
    private BuiltinDirectives() {
    }

    static void install(ScenarioLanguage l) {
        l.directive("process", directive("process NAME [uid=N]", (a, s) -> {
            String name = a.word("NAME");
            Map<String, String> o = a.options("uid");
            int uid = Args.option(o, "uid", 0, a);
            s.declareProcess(name);
            return w -> {
                Process p = w.emulation().kernel().spawn(name, uid);
                w.addProcess(name, p);
                w.timeline().event("setup", "process " + Actor.labelFor(p, null) + " uid=" + uid + " (fds 0-2 on /dev/null)");
            };
        }));
        l.directive("thread", directive("thread NAME as PROC", (a, s) -> {
            String name = a.word("NAME");
            if (!a.word("'as'").equals("as")) {
                throw a.error("expected 'as'");
            }
            String proc = a.word("PROC");
            a.end();
            s.requireProcess(proc);
            s.declareThread(name, proc);
            return w -> {
                w.addThread(name, proc);
                w.timeline().event("setup", "thread " + w.actor(name).label());
            };
        }));
        l.directive("device", directive("device PATH KIND MAJ:MIN [owner=UID] [mode=0666] (KIND: fifo, null)", (a, s) -> {
            String path = a.path("PATH");
            String kind = a.word("KIND");
            Supplier<? extends CharDriver> driver = s.language.deviceKind(kind);
            if (driver == null) {
                throw a.error("unknown device kind '" + kind + "' (kinds: " + String.join(", ", s.language.deviceKinds()) + ")"
                        + (kind.equals("tty") || kind.equals("pty") ? "; a terminal is made with `pty NAME for PROC`" : ""));
            }
            DeviceNumber number = deviceNumber(a.word("MAJ:MIN"), a);
            Map<String, String> o = a.options("owner", "mode");
            int owner = Args.option(o, "owner", 0, a);
            int mode = Args.option(o, "mode", 0666, a);
            String before = s.deviceKinds.putIfAbsent(number, kind);
            if (before != null && !before.equals(kind)) {
                throw a.error("device " + number + " is already a " + before + " device");
            }
            return w -> {
                w.emulation().device(number, driver);
                int r = w.emulation().mknod(path, mode, owner, number);
                if (r < 0) {
                    throw new ScenarioFailure("mknod " + path + ": " + Outcome.result(r));
                }
                w.timeline().event("setup", "device " + path + " " + kind + " " + number + " owner=" + owner
                        + " mode=0" + Integer.toOctalString(mode));
            };
        }));
        l.directive("mkdir", directive("mkdir PATH", (a, s) -> {
            String path = a.path("PATH");
            a.end();
            return w -> w.emulation().mkdirs(path);
        }));
        l.directive("symlink", directive("symlink PATH TARGET (PATH becomes a symbolic link to TARGET)", (a, s) -> {
            String path = a.path("PATH");
            String target = a.next("TARGET").display();
            a.end();
            return w -> {
                int r = w.emulation().symlink(path, target);
                if (r < 0) {
                    throw new ScenarioFailure("symlink " + path + ": " + Outcome.result(r));
                }
                w.timeline().event("setup", "symlink " + path + " -> " + target);
            };
        }));
        l.directive("proc", new ProcDirective());
        l.directive("revoke", directive("revoke PATH as PROC (revoke(2) made by PROC)", (a, s) -> {
            String path = a.path("PATH");
            if (!a.word("'as'").equals("as")) {
                throw a.error("expected 'as'");
            }
            String proc = a.word("PROC");
            a.end();
            s.requireProcess(proc);
            boolean ownThread = !s.busy.containsKey(proc);
            return w -> w.last(runAs(w, proc, ownThread, Calls.revoke(path)));
        }));
        l.directive("wait", directive("wait THREAD [TIMEOUT] (joins THREAD's background call; LAST is its result)", (a, s) -> {
            String t = a.word("THREAD");
            Duration limit = a.more() ? a.duration("TIMEOUT") : null;
            a.end();
            s.requireThread(t);
            if (s.busy.remove(t) == null) {
                throw a.error(t + " has no background call to wait for (start one with `" + t + ": read& ...`)");
            }
            return w -> {
                Duration d = limit != null ? limit : w.timeout();
                try {
                    Outcome o = w.actor(t).await(d);
                    if (o.isFailure()) {
                        throw new ScenarioFailure(t + ": the call threw " + o.failure());
                    }
                    w.last(o);
                } catch (Actor.StillRunning e) {
                    throw new ScenarioFailure("wait " + t + ": " + e.getMessage() + " (a hang?)");
                }
            };
        }));
        l.directive("sleep", directive("sleep DURATION (e.g. 10ms)", (a, s) -> {
            Duration d = a.duration("DURATION");
            a.end();
            return w -> {
                try {
                    Thread.sleep(d);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ScenarioFailure("interrupted");
                }
            };
        }));
        l.directive("timeout", directive("timeout DURATION (how long a call may take before it counts as hung; default 5s)", (a, s) -> {
            Duration d = a.duration("DURATION");
            a.end();
            return w -> w.timeout(d);
        }));
        l.directive("say", directive("say \"TEXT\"", (a, s) -> {
            String text = a.string("TEXT").display();
            a.end();
            return w -> w.timeline().note(text);
        }));
        l.directive("expect", new Expectation.Parser());
    }

    /**
     * Runs a call as PROC: on its main thread, or, when that thread is in a
     * background call ({@code ownThread} false), on a thread of its own made
     * for the call.
     */
    static Outcome runAs(World w, String proc, boolean ownThread, Call c) throws ScenarioFailure {
        Actor actor = ownThread ? w.actor(proc) : new Actor(w.actor(proc).label(), w.process(proc), w.timeline());
        try {
            return run(w, actor, c);
        } finally {
            if (!ownThread) {
                actor.close();
            }
        }
    }

    /** Runs a call on an actor to its end; a hang or a throw fails the scenario. */
    static Outcome run(World w, Actor actor, Call c) throws ScenarioFailure {
        try {
            Outcome o = actor.call(c, w.timeout());
            if (o.isFailure()) {
                throw new ScenarioFailure(actor.label() + ": " + c.text() + " threw " + o.failure());
            }
            return o;
        } catch (Actor.StillRunning e) {
            throw new ScenarioFailure(e.getMessage() + " (a hang?)");
        }
    }

    private static DeviceNumber deviceNumber(String w, Args a) throws ScenarioError {
        String[] mm = w.split(":");
        try {
            if (mm.length == 2) {
                return new DeviceNumber(Integer.parseInt(mm[0]), Integer.parseInt(mm[1]));
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw a.error("bad device number '" + w + "' (MAJ:MIN, e.g. 240:0)");
    }

    /** {@code proc mkdir|create|remove|remove-subtree|kmsg}: procfs, changed by the kernel's actor. */
    static final class ProcDirective implements Directive {
        @Override
        public String usage() {
            return "proc mkdir PATH | proc create PATH text \"CONTENT\" | proc remove PATH | proc remove-subtree PATH"
                    + " | proc kmsg \"LINE\"  (PATH relative to /proc, or /proc/...)";
        }

        @Override
        public Step parse(Args a, ParseScope s) throws ScenarioError {
            String verb = a.word("mkdir, create, remove, remove-subtree or kmsg");
            switch (verb) {
                case "mkdir" -> {
                    String path = a.next("PATH").display();
                    a.end();
                    return w -> kernelDoes(w, "proc_mkdir(" + Quote.string(path) + ")", () -> w.emulation().procfs().mkdir(path));
                }
                case "create" -> {
                    String path = a.next("PATH").display();
                    if (!a.word("'text'").equals("text")) {
                        throw a.error("expected 'text'");
                    }
                    byte[] content = a.string("CONTENT").bytes();
                    a.end();
                    return w -> kernelDoes(w, "proc_create_single(" + Quote.string(path) + ", " + Quote.bytes(content) + ")",
                            () -> w.emulation().procfs().createSingle(path, 0444,
                                    out -> out.print(new String(content, StandardCharsets.ISO_8859_1))));
                }
                case "remove", "remove-subtree" -> {
                    String path = a.next("PATH").display();
                    a.end();
                    boolean subtree = verb.equals("remove-subtree");
                    return w -> {
                        Outcome o = run(w, w.kernel(), ProcCalls.remove(w.emulation().procfs(), path, subtree));
                        w.last(o);
                        w.released(o.released() == Outcome.NONE ? 0 : o.released());
                    };
                }
                case "kmsg" -> {
                    Token line = a.string("LINE");
                    a.end();
                    return w -> run(w, w.kernel(), ProcCalls.printk(w.emulation().procfs(), line.display()));
                }
                default -> throw a.error("unknown proc command '" + verb + "'");
            }
        }

        private static void kernelDoes(World w, String text, Runnable r) throws ScenarioFailure {
            w.last(run(w, w.kernel(), new Call(text, p -> {
                try {
                    r.run();
                    return Outcome.of(0);
                } catch (ProcFsException e) {
                    return Outcome.of(-e.errno().number()).withNote(e.getMessage());
                }
            })));
        }
    }

    @FunctionalInterface
    interface Parser {
        Step parse(Args a, ParseScope s) throws ScenarioError;
    }

    static Directive directive(String usage, Parser p) {
        return new Directive() {
            @Override
            public String usage() {
                return usage;
            }

            @Override
            public Step parse(Args args, ParseScope scope) throws ScenarioError {
                return p.parse(args, scope);
            }
        };
    }
}
