package dev.revoke.cli.scenario;

/**
 * A number in a call: a literal, a name bound earlier with {@code -> name}
 * (a descriptor, usually), or a field of a process ({@code sh.pid},
 * {@code sh.sid}, {@code sh.pgrp}), looked up when the call runs.
 */
@FunctionalInterface
interface IntRef {
    long get(World w);

    static IntRef literal(long v) {
        return w -> v;
    }

    static IntRef named(String name) {
        return w -> w.binding(name);
    }

    /**
     * {@code PROC.pid}, {@code PROC.sid} or {@code PROC.pgrp} of a declared
     * process, read when the line runs; null if {@code word} is not of that form.
     */
    static IntRef processField(String word, ParseScope scope) {
        int dot = word.indexOf('.');
        if (dot <= 0 || !scope.isProcess(word.substring(0, dot))) {
            return null;
        }
        String proc = word.substring(0, dot);
        String field = word.substring(dot + 1);
        return switch (field) {
            case "pid" -> w -> w.process(proc).pid();
            case "sid" -> w -> w.process(proc).sessionId();
            case "pgrp" -> w -> w.process(proc).processGroup();
            default -> null;
        };
    }
}
