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

    static void push(Object resource) {
        UsingStack s = CURRENT.get();
        if (s.depth == s.entries.length) {
            s.entries = Arrays.copyOf(s.entries, s.depth * 2);
        }
        s.entries[s.depth++] = resource;
    }

    /** Pops the innermost entry for {@code resource}; exits need not nest perfectly. */
    static void pop(Object resource) {
        UsingStack s = CURRENT.get();
        for (int i = s.depth - 1; i >= 0; i--) {
            if (s.entries[i] == resource) {
                System.arraycopy(s.entries, i + 1, s.entries, i, s.depth - i - 1);
                s.entries[--s.depth] = null;
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
