package dev.revoke.cli.scenario;

/**
 * A number in a call: a literal, or a name bound earlier with {@code -> name}
 * (a descriptor, usually), looked up when the call runs.
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
}
