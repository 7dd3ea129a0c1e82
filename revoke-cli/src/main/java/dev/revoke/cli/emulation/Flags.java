package dev.revoke.cli.emulation;

import dev.revoke.tty.TtyIoctl;
import dev.revoke.vfs.Abi;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The emulated kernel's symbolic constants by name, read from {@link Abi}
 * so that the scenario language and the printed calls know every flag the
 * kernel does: {@code O_RDWR|O_NONBLOCK}, {@code POLLIN}, {@code SEEK_SET},
 * ioctl requests such as {@code FIONREAD}, and the tty layer's requests
 * that {@link Abi} lacks ({@link TtyIoctl}: {@code TCFLSH}, {@code TIOCGPTN}...).
 */
public final class Flags {
    private static final Predicate<String> IOCTL_NAME = n -> n.startsWith("TC") || n.startsWith("TIOC") || n.startsWith("FIO");

    public static final Map<String, Integer> OPEN = fixed(collect(Abi.class, n -> n.startsWith("O_") && !n.equals("O_ACCMODE")));
    public static final Map<String, Integer> POLL = fixed(collect(Abi.class, n -> n.startsWith("POLL")));
    public static final Map<String, Integer> SEEK = fixed(collect(Abi.class, n -> n.startsWith("SEEK_")));
    /** Abi's first, then TtyIoctl's; a number with two names prints as the first ({@code FIONREAD}, not {@code TIOCINQ}). */
    public static final Map<String, Integer> IOCTL = ioctls();

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

    private static Map<String, Integer> ioctls() {
        Map<String, Integer> m = collect(Abi.class, IOCTL_NAME);
        collect(TtyIoctl.class, IOCTL_NAME).forEach(m::putIfAbsent);
        return fixed(m);
    }

    /** Read-only, keeping declaration order, so flags always print in the same order. */
    private static Map<String, Integer> fixed(Map<String, Integer> m) {
        return Collections.unmodifiableMap(m);
    }

    /** The int constants of {@code c} whose names {@code wanted} accepts, in declaration order. */
    private static Map<String, Integer> collect(Class<?> c, Predicate<String> wanted) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Field f : c.getFields()) {
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
        return m;
    }
}
