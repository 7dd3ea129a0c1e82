package dev.revoke.procfs;

import static dev.revoke.panama.Errno.EINVAL;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;

/**
 * A sysctl-style knob under /proc/sys: reading shows the value and a
 * newline; writing parses the bytes written (surrounding whitespace,
 * such as {@code echo}'s newline, is ignored) and stores the result. Input
 * the parser rejects, by throwing {@link IllegalArgumentException} (a
 * {@link NumberFormatException} included), fails the write with EINVAL and
 * leaves the value as it was, as {@code proc_dointvec_minmax} does. Every
 * write is parsed on its own, whatever the file position.
 */
public final class Sysctl<T> {
    /** Longest write accepted; Linux bounds sysctl writes by a page too. */
    static final int MAX_WRITE = 4096;

    private final Function<String, T> parser;
    private final Function<T, String> formatter;
    private volatile T value;
    private ProcEntry entry;

    Sysctl(T initial, Function<String, T> parser, Function<T, String> formatter) {
        this.value = Objects.requireNonNull(initial, "initial");
        this.parser = parser;
        this.formatter = formatter;
    }

    void bind(ProcEntry entry) {
        this.entry = entry;
    }

    public T get() {
        return value;
    }

    /** Sets the value from inside the kernel, bypassing the parser. */
    public void set(T v) {
        value = Objects.requireNonNull(v);
    }

    public ProcEntry entry() {
        return entry;
    }

    /** The methods of the knob's file. */
    ProcOps ops() {
        return new SeqOps(out -> out.print(formatter.apply(value) + "\n")) {
            @Override
            public long write(ProcHandle h, byte[] buf, int off, int len) {
                if (len > MAX_WRITE) {
                    return EINVAL.negative();
                }
                String text = new String(buf, off, len, StandardCharsets.UTF_8).strip();
                if (text.isEmpty()) {
                    return EINVAL.negative();
                }
                T parsed;
                try {
                    parsed = parser.apply(text);
                } catch (IllegalArgumentException e) {
                    return EINVAL.negative();
                }
                if (parsed == null) {
                    return EINVAL.negative();
                }
                value = parsed;
                h.file().advance(len);
                return len;
            }
        };
    }

    @Override
    public String toString() {
        return (entry == null ? "sysctl" : entry.path()) + " = " + formatter.apply(value);
    }
}
