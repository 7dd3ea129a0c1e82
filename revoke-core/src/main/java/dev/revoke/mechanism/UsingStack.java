package dev.revoke.mechanism;

import java.util.Arrays;

/**
 * The resources the current thread is inside, innermost last. Thread
 * confined, so it is per-call state in the one place where per-call state is
 * safe. Used only to refuse a revoke issued from inside a method of a file
 * it would revoke (Viro's point 2), which would otherwise wait for itself.
 */
final class UsingStack {
    private static final ThreadLocal<UsingStack> CURRENT = ThreadLocal.withInitial(UsingStack::new);

    private Object[] entries = new Object[8];
    private int depth;

    /** The current thread's stack: what an entry hands its caller, so the exit needs no second lookup. */
    static UsingStack current() {
        return CURRENT.get();
    }

    static void push(Object resource) {
        CURRENT.get().pushOn(resource);
    }

    static void pop(Object resource) {
        CURRENT.get().popOff(resource);
    }

    void pushOn(Object resource) {
        if (depth == entries.length) {
            entries = Arrays.copyOf(entries, depth * 2);
        }
        entries[depth++] = resource;
    }

    /** Pops the innermost entry for {@code resource}; exits need not nest perfectly. */
    void popOff(Object resource) {
        int top = depth - 1;
        if (top >= 0 && entries[top] == resource) {
            entries[depth = top] = null;
            return;
        }
        for (int i = top - 1; i >= 0; i--) {
            if (entries[i] == resource) {
                System.arraycopy(entries, i + 1, entries, i, depth - i - 1);
                entries[--depth] = null;
                return;
            }
        }
    }

    static boolean contains(Object resource) {
        UsingStack s = CURRENT.get();
        for (int i = 0; i < s.depth; i++) {
            if (s.entries[i] == resource) {
                return true;
            }
        }
        return false;
    }

    private UsingStack() {}
}
