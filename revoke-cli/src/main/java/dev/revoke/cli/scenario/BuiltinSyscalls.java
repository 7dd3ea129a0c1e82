package dev.revoke.cli.scenario;

import dev.revoke.cli.emulation.Call;
import dev.revoke.cli.emulation.Calls;
import dev.revoke.cli.emulation.Flags;
import dev.revoke.cli.emulation.Outcome;
import dev.revoke.cli.emulation.TtyCalls;
import dev.revoke.kernel.Process;
import dev.revoke.vfs.Abi;

import java.util.List;

/**
 * The system calls a scenario thread can make, each parsed into a
 * {@link CallTemplate} over {@link Calls}: open, read, write, close, dup,
 * dup2, lseek, poll, ioctl, revoke, fork, exit.
 */
final class BuiltinSyscalls {
    private BuiltinSyscalls() {
    }

    static void install(ScenarioLanguage l) {
        l.syscall("open", spec("open PATH FLAGS (e.g. O_RDWR|O_NONBLOCK)", (a, s, b) -> {
            String path = a.path("PATH");
            int flags = a.flags(Flags.OPEN, "FLAGS");
            a.end();
            return w -> Calls.open(path, flags);
        }));
        l.syscall("read", spec("read FD COUNT", (a, s, b) -> {
            IntRef fd = a.intRef("FD", s);
            long count = a.integer("COUNT");
            a.end();
            if (count < 0 || count > 1 << 20) {
                throw a.error("COUNT must be 0 to 1048576");
            }
            return w -> Calls.read(fd(fd, w), (int) count);
        }));
        l.syscall("write", spec("write FD \"DATA\"", (a, s, b) -> {
            IntRef fd = a.intRef("FD", s);
            byte[] data = a.string("DATA").bytes();
            a.end();
            return w -> Calls.write(fd(fd, w), data);
        }));
        l.syscall("close", spec("close FD", (a, s, b) -> {
            IntRef fd = a.intRef("FD", s);
            a.end();
            return w -> Calls.close(fd(fd, w));
        }));
        l.syscall("dup", spec("dup FD", (a, s, b) -> {
            IntRef fd = a.intRef("FD", s);
            a.end();
            return w -> Calls.dup(fd(fd, w));
        }));
        l.syscall("dup2", spec("dup2 FD NEWFD", (a, s, b) -> {
            IntRef fd = a.intRef("FD", s);
            IntRef nfd = a.intRef("NEWFD", s);
            a.end();
            return w -> Calls.dup2(fd(fd, w), fd(nfd, w));
        }));
        l.syscall("lseek", spec("lseek FD OFFSET [SEEK_SET|SEEK_CUR|SEEK_END]", (a, s, b) -> {
            IntRef fd = a.intRef("FD", s);
            long offset = a.integer("OFFSET");
            int whence = a.more() ? a.flags(Flags.SEEK, "WHENCE") : Abi.SEEK_SET;
            a.end();
            return w -> Calls.lseek(fd(fd, w), offset, whence);
        }));
        l.syscall("poll", spec("poll FD EVENTS [TIMEOUT_MS] (EVENTS e.g. POLLIN|POLLOUT; timeout -1 waits for ever, the default)", (a, s, b) -> {
            IntRef fd = a.intRef("FD", s);
            int events = a.flags(Flags.POLL, "EVENTS");
            long timeout = a.more() ? a.integer("TIMEOUT_MS") : -1;
            a.end();
            return w -> Calls.poll(fd(fd, w), events, (int) timeout);
        }));
        l.syscall("ioctl", spec("ioctl FD REQUEST [ARG] (REQUEST by name: FIONREAD, TIOCSPGRP...; ARG an int, a bound name"
                + " or PROC.pid/.sid/.pgrp, default 0; TCGETS and TIOCGWINSZ take none, TCSETS/TCSETSW/TCSETSF stty words"
                + " (default sane), TIOCSWINSZ ROWSxCOLS)", (a, s, b) -> {
            IntRef fd = a.intRef("FD", s);
            int request = a.flags(Flags.IOCTL, "REQUEST");
            switch (request) {
                case Abi.TCGETS -> {
                    a.end();
                    return w -> TtyCalls.tcgets(fd(fd, w));
                }
                case Abi.TIOCGWINSZ -> {
                    a.end();
                    return w -> TtyCalls.getWinSize(fd(fd, w));
                }
                case Abi.TCSETS, Abi.TCSETSW, Abi.TCSETSF -> {
                    List<String> words = TtyCommands.settings(a);
                    return w -> TtyCalls.tcsets(fd(fd, w), request, words.isEmpty() ? List.of("sane") : words);
                }
                case Abi.TIOCSWINSZ -> {
                    String ws = a.word("ROWSxCOLS");
                    int[] size = TtyCalls.parseWinSize(ws).orElseThrow(() -> a.error("bad window size '" + ws + "' (ROWSxCOLS, e.g. 24x80)"));
                    a.end();
                    return w -> TtyCalls.setWinSize(fd(fd, w), size[0], size[1]);
                }
                default -> {
                    IntRef arg = a.more() ? a.intRef("ARG", s) : IntRef.literal(0);
                    a.end();
                    return w -> Calls.ioctl(fd(fd, w), request, (int) arg.get(w));
                }
            }
        }));
        l.syscall("revoke", spec("revoke PATH", (a, s, b) -> {
            String path = a.path("PATH");
            a.end();
            return w -> Calls.revoke(path);
        }));
        l.syscall("fork", spec("fork -> CHILD (the child is a new process named CHILD, with a main thread of that name)", (a, s, b) -> {
            a.end();
            if (b == null) {
                throw a.error("fork needs a name for the child");
            }
            s.declareProcess(b);
            return w -> new Call("fork()", (Process p) -> {
                Process child = p.fork();
                w.addProcess(b, child);
                return Outcome.of(child.pid());
            });
        }));
        l.syscall("exit", spec("exit [STATUS] (the whole process exits; its descriptors are closed)", (a, s, b) -> {
            long status = a.more() ? a.integer("STATUS") : 0;
            a.end();
            return w -> new Call("exit(" + status + ")", (Process p) -> {
                p.exit((int) status);
                return Outcome.of(0);
            });
        }));
    }

    private static int fd(IntRef r, World w) {
        return (int) r.get(w);
    }

    @FunctionalInterface
    interface Parser {
        CallTemplate parse(Args a, ParseScope s, String bindName) throws ScenarioError;
    }

    static SyscallSpec spec(String usage, Parser p) {
        return new SyscallSpec() {
            @Override
            public String usage() {
                return usage;
            }

            @Override
            public CallTemplate parse(Args args, ParseScope scope, String bindName) throws ScenarioError {
                return p.parse(args, scope, bindName);
            }
        };
    }

}
