package dev.revoke.cli.scenario;

import dev.revoke.cli.emulation.Actor;
import dev.revoke.cli.emulation.Flags;
import dev.revoke.cli.emulation.Outcome;
import dev.revoke.cli.text.Quote;
import dev.revoke.kernel.Signal;
import dev.revoke.panama.Errno;
import dev.revoke.vfs.Abi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongBinaryOperator;
import java.util.function.ToLongFunction;

/**
 * {@code expect}: the lines that make a scenario file a test.
 *
 * <pre>
 * expect LAST == 3              the last result (a call, a wait, a revoke, a proc change)
 * expect LAST == ENOENT         errno names stand for -errno
 * expect data == "abc"          the bytes the last result carried
 * expect T.result == EIO        thread T's last call (also T.data, T.revents, T.arg)
 * expect T.revents == POLLIN|POLLRDNORM
 * expect fd1 >= 0               a name bound with -> (also != &lt; &lt;= &gt; &gt;=)
 * expect released == 1          files released by the last proc remove
 * expect PROC.signals contains SIGHUP
 * expect PROC.signals == [SIGHUP, SIGCONT]   every signal received, in order ([] for none)
 * expect PROC.pid == 3          also PROC.sid, PROC.pgrp; either side (expect T.arg == PROC.pgrp)
 * expect T asleep               T's background call is still asleep (or: expect T returned)
 * </pre>
 *
 * A failure reads {@code expected X, got Y}, with Y shown the way X's
 * right-hand side is written (an errno name, poll bits, a string).
 */
final class Expectation {
    private Expectation() {
    }

    private enum Kind { NUMBER, ERRNO, POLL, STRING }

    private static final List<String> OPS = List.of("==", "!=", "<", "<=", ">", ">=");

    static final class Parser implements Directive {
        @Override
        public String usage() {
            return "expect LHS OP VALUE (LHS: LAST, data, released, T.result, T.data, T.revents, T.arg, PROC.pid, PROC.sid,"
                    + " PROC.pgrp, a bound name; OP: == != < <= > >=) | expect PROC.signals contains SIGNAL"
                    + " | expect PROC.signals == [SIGNAL, ...] | expect T asleep | expect T returned";
        }

        @Override
        public Step parse(Args a, ParseScope s) throws ScenarioError {
            String lhs = a.word("what to check");
            if (s.isThread(lhs) && a.more() && (a.peek().is("asleep") || a.peek().is("returned"))) {
                boolean wantAsleep = a.word("asleep").equals("asleep");
                a.end();
                String text = lhs + (wantAsleep ? " asleep" : " returned");
                return w -> {
                    Actor t = w.actor(lhs);
                    boolean asleep = t.asleep();
                    boolean returned = !t.busy();
                    if (wantAsleep ? !asleep : !returned) {
                        throw new ScenarioFailure("expected " + text + ", got " + lhs
                                + (returned ? " returned" : asleep ? " asleep" : " running in " + t.busyWith()));
                    }
                    pass(w, text);
                };
            }
            int dot = lhs.indexOf('.');
            if (dot > 0 && lhs.endsWith(".signals")) {
                return signals(lhs, lhs.substring(0, dot), a, s);
            }
            Subject subject = subject(lhs, s, a);
            String op = a.word("an operator (== != < <= > >=)");
            if (!OPS.contains(op)) {
                throw a.error("unknown operator '" + op + "'");
            }
            Token rhs = a.next("a value");
            a.end();
            String text = lhs + " " + op + " " + rhs;
            if (subject.string) {
                if (!rhs.quoted() || !(op.equals("==") || op.equals("!="))) {
                    throw a.error(lhs + " is data: compare it with == or != to a \"string\"");
                }
                byte[] want = rhs.bytes();
                boolean eq = op.equals("==");
                return w -> {
                    byte[] got = subject.bytes(w);
                    if (got == null || Arrays.equals(got, want) != eq) {
                        throw new ScenarioFailure("expected " + text + ", got " + (got == null ? "no data" : Quote.bytes(got)));
                    }
                    pass(w, text);
                };
            }
            if (rhs.quoted()) {
                throw a.error(lhs + " is a number: compare it to a number, an errno name or poll bits");
            }
            IntRef field = IntRef.processField(rhs.text(), s);
            Kind kind = field != null ? Kind.NUMBER : kindOf(rhs.text());
            ToLongFunction<World> want;
            if (field != null) {
                want = field::get;
            } else {
                long v = value(rhs.text(), kind).orElseThrow(() -> a.error("bad value '" + rhs.text()
                        + "' (a number, an errno name such as EIO, poll bits such as POLLIN|POLLOUT, or PROC.pid, .sid, .pgrp)"));
                want = w -> v;
            }
            LongBinaryOperator test = switch (op) {
                case "==" -> (v, x) -> v == x ? 1 : 0;
                case "!=" -> (v, x) -> v != x ? 1 : 0;
                case "<" -> (v, x) -> v < x ? 1 : 0;
                case "<=" -> (v, x) -> v <= x ? 1 : 0;
                case ">" -> (v, x) -> v > x ? 1 : 0;
                default -> (v, x) -> v >= x ? 1 : 0;
            };
            return w -> {
                Optional<Long> got = subject.number(w);
                long x = want.applyAsLong(w);
                if (got.isEmpty() || test.applyAsLong(got.get(), x) == 0) {
                    throw new ScenarioFailure("expected " + text + (field != null ? " (" + x + ")" : "") + ", got "
                            + got.map(v -> show(v, kind)).orElse("nothing yet"));
                }
                pass(w, text);
            };
        }

        /** {@code PROC.signals contains SIGHUP}, {@code PROC.signals == [SIGHUP, SIGCONT]} (in order; {@code []} for none), {@code !=}. */
        private static Step signals(String lhs, String proc, Args a, ParseScope s) throws ScenarioError {
            s.requireProcess(proc);
            String op = a.word("'contains', == or !=");
            if (op.equals("contains")) {
                Signal sig = signal(a.word("SIGNAL"), a);
                a.end();
                String text = lhs + " contains " + sig.name();
                return w -> {
                    List<Signal> got = w.process(proc).signals();
                    if (!got.contains(sig)) {
                        throw new ScenarioFailure("expected " + text + ", got " + got);
                    }
                    pass(w, text);
                };
            }
            if (!op.equals("==") && !op.equals("!=")) {
                throw a.error("signals are checked with `contains SIGNAL`, `== [SIGNAL, ...]` or `!= [...]`");
            }
            StringBuilder list = new StringBuilder();
            while (a.more()) {
                list.append(a.word("[SIGNAL, ...]"));
            }
            String l = list.toString();
            if (!l.startsWith("[") || !l.endsWith("]")) {
                throw a.error("expected a list such as [SIGHUP, SIGCONT] (or [] for none), got '" + l + "'");
            }
            List<Signal> want = new ArrayList<>();
            for (String name : l.substring(1, l.length() - 1).split(",", -1)) {
                if (name.isEmpty() && l.equals("[]")) {
                    continue;
                }
                want.add(signal(name, a));
            }
            boolean eq = op.equals("==");
            String text = lhs + " " + op + " " + want;
            return w -> {
                List<Signal> got = w.process(proc).signals();
                if (got.equals(want) != eq) {
                    throw new ScenarioFailure("expected " + text + ", got " + got);
                }
                pass(w, text);
            };
        }

        private static Signal signal(String name, Args a) throws ScenarioError {
            return Arrays.stream(Signal.values()).filter(x -> x.name().equals(name)).findFirst()
                    .orElseThrow(() -> a.error("unknown signal '" + name + "' (signals: "
                            + String.join(", ", Arrays.stream(Signal.values()).map(Signal::name).toList()) + ")"));
        }
    }

    private static void pass(World w, String text) {
        w.expectationPassed();
        w.timeline().event("expect", text + "  ok");
    }

    /** The left-hand side, read when the line runs. */
    private record Subject(boolean string, Function<World, Outcome> outcome, String field,
                           ToLongFunction<World> plain) {
        Optional<Long> number(World w) {
            if (plain != null) {
                return Optional.of(plain.applyAsLong(w));
            }
            Outcome o = outcome.apply(w);
            if (o == null) {
                return Optional.empty();
            }
            long v = switch (field) {
                case "revents" -> o.revents();
                case "arg" -> o.arg();
                default -> o.value();
            };
            return v == Outcome.NONE && !field.equals("result") ? Optional.empty() : Optional.of(v);
        }

        byte[] bytes(World w) {
            Outcome o = outcome.apply(w);
            return o == null ? null : o.data();
        }
    }

    private static Subject subject(String lhs, ParseScope s, Args a) throws ScenarioError {
        switch (lhs) {
            case "LAST" -> {
                return new Subject(false, World::last, "result", null);
            }
            case "data" -> {
                return new Subject(true, World::last, "data", null);
            }
            case "released" -> {
                return new Subject(false, null, null, World::released);
            }
            default -> { }
        }
        IntRef processField = IntRef.processField(lhs, s);
        if (processField != null) {
            return new Subject(false, null, null, processField::get);
        }
        int dot = lhs.indexOf('.');
        if (dot > 0) {
            String thread = lhs.substring(0, dot);
            String field = lhs.substring(dot + 1);
            s.requireThread(thread);
            if (!List.of("result", "data", "revents", "arg").contains(field)) {
                throw a.error("unknown field '" + field + "' (of a thread: result, data, revents, arg; of a process: pid, sid, pgrp, signals)");
            }
            return new Subject(field.equals("data"), w -> w.actor(thread).last(), field, null);
        }
        if (s.isBound(lhs)) {
            return new Subject(false, null, null, w -> w.binding(lhs));
        }
        throw a.error("unknown name '" + lhs + "'");
    }

    private static Kind kindOf(String text) {
        if (text.startsWith("POLL")) {
            return Kind.POLL;
        }
        if (errno(text).isPresent()) {
            return Kind.ERRNO;
        }
        return Kind.NUMBER;
    }

    private static Optional<Long> value(String text, Kind kind) {
        return switch (kind) {
            case ERRNO -> errno(text).map(e -> (long) e.negative());
            case POLL -> Flags.parse(Flags.POLL, text).map(Integer::longValue);
            default -> {
                try {
                    yield Optional.of(Long.decode(text));
                } catch (NumberFormatException e) {
                    yield Optional.empty();
                }
            }
        };
    }

    private static Optional<Errno> errno(String name) {
        return Arrays.stream(Errno.values()).filter(e -> e.name().equals(name)).findFirst();
    }

    private static String show(long v, Kind kind) {
        return switch (kind) {
            case ERRNO -> v < 0 && Errno.of((int) -v) != null ? Errno.of((int) -v).name() : Long.toString(v);
            case POLL -> Abi.pollBits((int) v);
            default -> v < 0 && Errno.of((int) -v) != null ? v + " (" + Errno.of((int) -v).name() + ")" : Long.toString(v);
        };
    }
}
