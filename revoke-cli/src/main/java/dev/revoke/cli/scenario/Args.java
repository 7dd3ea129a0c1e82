package dev.revoke.cli.scenario;

import dev.revoke.cli.emulation.Flags;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The words after a command, read one at a time by type. Every complaint
 * ends with the command's usage, so a malformed line says what was wanted.
 */
public final class Args {
    private final List<Token> tokens;
    private final String usage;
    private int pos;

    Args(List<Token> tokens, String usage) {
        this.tokens = tokens;
        this.usage = usage;
    }

    public boolean more() {
        return pos < tokens.size();
    }

    public Token peek() {
        return more() ? tokens.get(pos) : null;
    }

    public Token next(String what) throws ScenarioError {
        if (!more()) {
            throw error("missing " + what);
        }
        return tokens.get(pos++);
    }

    /** An unquoted word. */
    public String word(String what) throws ScenarioError {
        Token t = next(what);
        if (t.quoted()) {
            throw error("expected " + what + ", not a string");
        }
        return t.text();
    }

    /** A quoted string, as its bytes' text (one char per byte). */
    public Token string(String what) throws ScenarioError {
        Token t = next(what);
        if (!t.quoted()) {
            throw error("expected " + what + " as a \"quoted string\", got '" + t.text() + "'");
        }
        return t;
    }

    /** An absolute path, bare or quoted. */
    public String path(String what) throws ScenarioError {
        Token t = next(what);
        if (!t.text().startsWith("/")) {
            throw error("expected " + what + " (an absolute path), got '" + t.display() + "'");
        }
        return t.display();
    }

    /** A literal integer. */
    public long integer(String what) throws ScenarioError {
        String w = word(what);
        try {
            return Long.decode(w);
        } catch (NumberFormatException e) {
            throw error("expected " + what + " (a number), got '" + w + "'");
        }
    }

    /**
     * A literal integer, a name bound earlier with {@code -> name}, or a
     * process's {@code PROC.pid}, {@code PROC.sid} or {@code PROC.pgrp}.
     */
    public IntRef intRef(String what, ParseScope scope) throws ScenarioError {
        String w = word(what);
        try {
            return IntRef.literal(Long.decode(w));
        } catch (NumberFormatException e) {
            IntRef field = IntRef.processField(w, scope);
            if (field != null) {
                return field;
            }
            if (!scope.isBound(w)) {
                throw error("unknown name '" + w + "' for " + what + " (bind it first: `... -> " + w + "`)");
            }
            return IntRef.named(w);
        }
    }

    /** {@code A|B|0x10} from a table of names. */
    public int flags(Map<String, Integer> table, String what) throws ScenarioError {
        String w = word(what);
        return Flags.parse(table, w).orElseThrow(() -> error("bad " + what + " '" + w + "'"));
    }

    /** {@code 10ms}, {@code 2s}, {@code 500us}. */
    public Duration duration(String what) throws ScenarioError {
        String w = word(what);
        return parseDuration(w).orElseThrow(() -> error("bad " + what + " '" + w + "' (e.g. 10ms, 2s)"));
    }

    static Optional<Duration> parseDuration(String w) {
        try {
            if (w.endsWith("ms")) {
                return Optional.of(Duration.ofMillis(Long.parseLong(w.substring(0, w.length() - 2))));
            }
            if (w.endsWith("us")) {
                return Optional.of(Duration.ofNanos(1000 * Long.parseLong(w.substring(0, w.length() - 2))));
            }
            if (w.endsWith("s")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(w.substring(0, w.length() - 1))));
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        return Optional.empty();
    }

    /** The remaining {@code key=value} words; any other word is an error. */
    public Map<String, String> options(String... allowed) throws ScenarioError {
        Map<String, String> m = new LinkedHashMap<>();
        while (more()) {
            String w = word("an option");
            int eq = w.indexOf('=');
            String key = eq < 0 ? w : w.substring(0, eq);
            if (eq < 0 || !List.of(allowed).contains(key)) {
                throw error("unexpected '" + w + "'" + (allowed.length == 0 ? "" : " (options: " + String.join("=, ", allowed) + "=)"));
            }
            m.put(key, w.substring(eq + 1));
        }
        return m;
    }

    /** Nothing may follow. */
    public void end() throws ScenarioError {
        if (more()) {
            throw error("unexpected '" + peek().display() + "'");
        }
    }

    public ScenarioError error(String reason) {
        return new ScenarioError(reason + "; usage: " + usage);
    }

    static int option(Map<String, String> opts, String key, int dflt, Args args) throws ScenarioError {
        String v = opts.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.decode(v);
        } catch (NumberFormatException e) {
            throw args.error("bad " + key + "=" + v + " (a number)");
        }
    }
}
