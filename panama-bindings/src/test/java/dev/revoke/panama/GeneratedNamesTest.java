package dev.revoke.panama;

import dev.revoke.panama.libc.Libc;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guards the generated code against a regeneration that silently drops a
 * name: a different jextract or libclang may skip a macro it cannot
 * evaluate, or a header may stop declaring a function. Every name in
 * jextract.args must be in the output, and the names the facade was built
 * for must still be in jextract.args.
 */
class GeneratedNamesTest {
    private static final Path ARGS = Path.of("src/main/native/jextract.args");
    private static final String PACKAGE = "dev.revoke.panama.libc.";

    /** What the project asked for; the facade depends on each. */
    private static final List<String> REQUIRED_FUNCTIONS = List.of(
            "open", "close", "read", "write", "poll", "ioctl", "pipe2", "eventfd", "dup2", "dup3",
            "posix_openpt", "grantpt", "unlockpt", "ptsname_r", "tcgetattr", "tcsetattr", "cfmakeraw",
            "strerror_r", "gettid", "geteuid");
    private static final List<String> REQUIRED_STRUCTS = List.of("pollfd", "termios", "winsize");
    private static final List<String> REQUIRED_CONSTANTS = List.of(
            "EBADF", "ENOTTY", "EAGAIN", "EIO", "EINTR", "ENOENT", "EINVAL", "EPERM", "EACCES", "ENXIO",
            "POLLIN", "POLLOUT", "POLLERR", "POLLHUP", "POLLNVAL", "POLLRDNORM", "POLLWRNORM", "POLLPRI",
            "O_RDONLY", "O_WRONLY", "O_RDWR", "O_NONBLOCK", "O_NOCTTY", "O_CLOEXEC",
            "TIOCGWINSZ", "TIOCSWINSZ", "TIOCVHANGUP", "TIOCSCTTY", "TIOCNOTTY", "TIOCGPGRP", "TIOCSPGRP",
            "TIOCGPTN", "TIOCSPTLCK", "TCGETS", "TCSETS", "FIONREAD",
            "EFD_CLOEXEC", "EFD_NONBLOCK", "EFD_SEMAPHORE", "TCSANOW",
            "ICANON", "ECHO", "VMIN", "VTIME", "CS8");

    private static Map<String, List<String>> requestedByKind() throws IOException {
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        for (String line : Files.readAllLines(ARGS)) {
            String[] words = line.trim().split("\\s+");
            if (words.length == 2 && words[0].startsWith("--include-")) {
                byKind.computeIfAbsent(words[0].substring("--include-".length()), k -> new ArrayList<>()).add(words[1]);
            }
        }
        return byKind;
    }

    @Test
    void argsFileStillAsksForEverythingTheFacadeNeeds() throws IOException {
        Map<String, List<String>> asked = requestedByKind();
        assertContainsAll("function", REQUIRED_FUNCTIONS, asked.getOrDefault("function", List.of()));
        assertContainsAll("struct", REQUIRED_STRUCTS, asked.getOrDefault("struct", List.of()));
        assertContainsAll("constant", REQUIRED_CONSTANTS, asked.getOrDefault("constant", List.of()));
    }

    @Test
    void everyRequestedNameWasGenerated() throws IOException {
        Map<String, List<String>> asked = requestedByKind();
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (var kind : asked.entrySet()) {
            for (String name : kind.getValue()) {
                checked++;
                if (!generated(kind.getKey(), name)) {
                    missing.add(kind.getKey() + " " + name);
                }
            }
        }
        assertTrue(checked > 150, "jextract.args looks truncated: only " + checked + " names");
        assertEquals(List.of(), missing, "requested in " + ARGS + " but not generated");
    }

    @Test
    void requiredNamesResolveInTheGeneratedCode() {
        List<String> missing = new ArrayList<>();
        REQUIRED_FUNCTIONS.stream().filter(n -> !generated("function", n)).forEach(n -> missing.add("function " + n));
        REQUIRED_STRUCTS.stream().filter(n -> !generated("struct", n)).forEach(n -> missing.add("struct " + n));
        REQUIRED_CONSTANTS.stream().filter(n -> !generated("constant", n)).forEach(n -> missing.add("constant " + n));
        assertEquals(List.of(), missing);
    }

    private static boolean generated(String kind, String name) {
        return switch (kind) {
            // a plain function is a static method; a variadic one a nested invoker class
            case "function" -> hasStaticMethod(name, -1) || hasNestedClass(name);
            case "constant" -> hasStaticMethod(name, 0);
            case "typedef" -> hasStaticField(name);
            case "struct", "union" -> classExists(PACKAGE + name);
            default -> throw new AssertionError("unknown --include-" + kind);
        };
    }

    private static boolean hasStaticMethod(String name, int arity) {
        for (Method m : Libc.class.getMethods()) {
            if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers())
                    && (arity < 0 || m.getParameterCount() == arity)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasNestedClass(String name) {
        return Arrays.stream(Libc.class.getClasses()).anyMatch(c -> c.getSimpleName().equals(name));
    }

    private static boolean hasStaticField(String name) {
        return Arrays.stream(Libc.class.getFields())
                .anyMatch(f -> f.getName().equals(name) && Modifier.isStatic(f.getModifiers()));
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static void assertContainsAll(String kind, List<String> required, List<String> asked) {
        List<String> absent = required.stream().filter(n -> !asked.contains(n)).toList();
        assertEquals(List.of(), absent, kind + " names dropped from " + ARGS);
    }
}
