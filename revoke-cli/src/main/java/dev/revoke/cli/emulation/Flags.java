package dev.revoke.cli.emulation;

import dev.revoke.vfs.Abi;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The emulated kernel's symbolic constants by name, read from {@link Abi}
 * so that the scenario language and the printed calls know every flag the
 * kernel does: {@code O_RDWR|O_NONBLOCK}, {@code POLLIN}, {@code SEEK_SET},
 * ioctl requests such as {@code FIONREAD}.
 */
public final class Flags {
    public static final Map<String, Integer> OPEN = collect(n -> n.startsWith("O_") && !n.equals("O_ACCMODE"));
    public static final Map<String, Integer> POLL = collect(n -> n.startsWith("POLL"));
    public static final Map<String, Integer> SEEK = collect(n -> n.startsWith("SEEK_"));
    public static final Map<String, Integer> IOCTL = collect(n -> n.startsWith("TC") || n.startsWith("TIOC") || n.startsWith("FIO"));

    private Flags() {
    }

    /** Parses {@code A|B|0x10}: names from {@code table}, or numbers (octal with a leading 0). */
    public static Optional<Integer> parse(Map<String, Integer> table, String text) {
        int v = 0;
        for (String part : text.split("\\|", -1)) {
            Integer x = table.get(part);
            if (x == null) {
                try {
                    x = Integer.decode(part);
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
            v |= x;
        }
        return Optional.of(v);
    }

    /** {@code O_RDWR|O_NONBLOCK}, as strace prints open flags. */
    public static String openFlags(int flags) {
        String acc = switch (flags & Abi.O_ACCMODE) {
            case Abi.O_WRONLY -> "O_WRONLY";
            case Abi.O_RDWR -> "O_RDWR";
            default -> "O_RDONLY";
        };
        StringBuilder b = new StringBuilder(acc);
        int rest = flags & ~Abi.O_ACCMODE;
        for (Map.Entry<String, Integer> e : OPEN.entrySet()) {
            int bit = e.getValue();
            if (bit != 0 && (bit & Abi.O_ACCMODE) == 0 && (rest & bit) == bit) {
                b.append('|').append(e.getKey());
                rest &= ~bit;
            }
        }
        if (rest != 0) {
            b.append("|0").append(Integer.toOctalString(rest));
        }
        return b.toString();
    }

    /** The name of an ioctl request, or its number in hex. */
    public static String ioctlName(int request) {
        return IOCTL.entrySet().stream().filter(e -> e.getValue() == request).map(Map.Entry::getKey)
                .findFirst().orElse("0x" + Integer.toHexString(request));
    }

    private static Map<String, Integer> collect(Predicate<String> wanted) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Field f : Abi.class.getFields()) {
            int mod = f.getModifiers();
            if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && wanted.test(f.getName())
                    && (f.getType() == int.class || f.getType() == short.class)) {
                try {
                    m.putIfAbsent(f.getName(), ((Number) f.get(null)).intValue());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return Map.copyOf(m);
    }
}
