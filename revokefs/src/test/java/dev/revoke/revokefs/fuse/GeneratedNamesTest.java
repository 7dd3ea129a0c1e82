package dev.revoke.revokefs.fuse;

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
 * The generated FUSE bindings have every name revokefs asked for: each
 * {@code --include-*} of jextract.args is in the output, and the names the
 * protocol code is built on are still asked for. A regeneration with
 * another jextract, libclang or header that drops one fails here.
 */
class GeneratedNamesTest {
    private static final Path ARGS = Path.of("src/main/native/jextract.args");
    private static final String PACKAGE = "dev.revoke.revokefs.fuse.";

    static final List<String> REQUIRED_STRUCTS = List.of(
            "fuse_in_header", "fuse_out_header", "fuse_init_in", "fuse_init_out", "fuse_entry_out",
            "fuse_attr_out", "fuse_attr", "fuse_open_in", "fuse_open_out", "fuse_read_in", "fuse_write_in",
            "fuse_write_out", "fuse_release_in", "fuse_getattr_in", "fuse_interrupt_in", "fuse_ioctl_in",
            "fuse_ioctl_out", "fuse_poll_in", "fuse_poll_out", "fuse_forget_in", "fuse_flush_in",
            "fuse_setxattr_in", "fuse_getxattr_in", "fuse_getxattr_out", "fuse_dirent", "fuse_setattr_in",
            "fuse_create_in", "fuse_mkdir_in", "fuse_rename_in", "fuse_rename2_in", "fuse_batch_forget_in",
            "fuse_forget_one", "fuse_fsync_in", "fuse_statfs_out", "fuse_kstatfs", "stat", "statvfs", "timespec");
    static final List<String> REQUIRED_FUNCTIONS = List.of(
            "mount", "umount2", "pread", "pwrite", "fsync", "fdatasync", "ftruncate", "truncate", "setxattr",
            "getxattr", "lstat", "mkdir", "unlink", "rmdir", "renameat2", "symlink", "readlink", "chmod",
            "lchown", "utimensat", "statvfs");
    static final List<String> REQUIRED_CONSTANTS = List.of(
            "FUSE_LOOKUP", "FUSE_FORGET", "FUSE_GETATTR", "FUSE_OPEN", "FUSE_READ", "FUSE_WRITE", "FUSE_RELEASE",
            "FUSE_INIT", "FUSE_INTERRUPT", "FUSE_IOCTL", "FUSE_POLL", "FUSE_SETXATTR", "FUSE_GETXATTR",
            "FUSE_READDIR", "FUSE_BATCH_FORGET", "FUSE_FLUSH", "FUSE_CREATE",
            "FOPEN_DIRECT_IO", "FOPEN_NONSEEKABLE", "FOPEN_KEEP_CACHE",
            "FUSE_KERNEL_VERSION", "FUSE_KERNEL_MINOR_VERSION", "FUSE_ROOT_ID", "FUSE_MIN_READ_BUFFER",
            "FUSE_ASYNC_READ", "FUSE_ATOMIC_O_TRUNC", "FUSE_BIG_WRITES", "FUSE_MAX_PAGES",
            "FUSE_POLL_SCHEDULE_NOTIFY", "FUSE_NOTIFY_POLL", "FATTR_SIZE", "FATTR_FH",
            "MNT_DETACH", "MS_NOSUID", "MS_NODEV", "REVOKEFS_INT_REQ_BIT", "REVOKEFS_DIRENT_NAME_OFFSET");

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
    void argsFileStillAsksForEverythingTheProtocolCodeNeeds() throws IOException {
        Map<String, List<String>> asked = requestedByKind();
        assertEquals(List.of(), missing(REQUIRED_STRUCTS, asked.getOrDefault("struct", List.of())), "structs");
        assertEquals(List.of(), missing(REQUIRED_FUNCTIONS, asked.getOrDefault("function", List.of())), "functions");
        assertEquals(List.of(), missing(REQUIRED_CONSTANTS, asked.getOrDefault("constant", List.of())), "constants");
    }

    @Test
    void everyRequestedNameWasGenerated() throws IOException {
        List<String> absent = new ArrayList<>();
        int checked = 0;
        for (var kind : requestedByKind().entrySet()) {
            for (String name : kind.getValue()) {
                checked++;
                if (!generated(kind.getKey(), name)) {
                    absent.add(kind.getKey() + " " + name);
                }
            }
        }
        assertTrue(checked > 200, "jextract.args looks truncated: only " + checked + " names");
        assertEquals(List.of(), absent, "requested in " + ARGS + " but not generated");
    }

    @Test
    void wireStructsHaveTheKernelsSizes() {
        // Sizes fixed by the protocol since 7.9 (7.36 for init_out's 64 bytes).
        assertEquals(40, fuse_in_header.sizeof());
        assertEquals(16, fuse_out_header.sizeof());
        assertEquals(88, fuse_attr.sizeof());
        assertEquals(128, fuse_entry_out.sizeof());
        assertEquals(104, fuse_attr_out.sizeof());
        assertEquals(64, fuse_init_out.sizeof());
        assertEquals(40, fuse_read_in.sizeof());
        assertEquals(40, fuse_write_in.sizeof());
        assertEquals(16, fuse_open_out.sizeof());
        assertEquals(24, fuse_release_in.sizeof());
        assertEquals(24, Fuse.REVOKEFS_DIRENT_NAME_OFFSET());
        assertEquals(8, Fuse.FUSE_COMPAT_SETXATTR_IN_SIZE());
        assertEquals(1, Fuse.FUSE_ROOT_ID());
    }

    private static List<String> missing(List<String> required, List<String> asked) {
        return required.stream().filter(n -> !asked.contains(n)).toList();
    }

    private static boolean generated(String kind, String name) {
        return switch (kind) {
            case "function" -> hasStaticMethod(name, -1)
                    || Arrays.stream(Fuse.class.getClasses()).anyMatch(c -> c.getSimpleName().equals(name));
            case "constant" -> hasStaticMethod(name, 0);
            case "typedef" -> Arrays.stream(Fuse.class.getFields())
                    .anyMatch(f -> f.getName().equals(name) && Modifier.isStatic(f.getModifiers()));
            case "struct", "union" -> classExists(PACKAGE + name);
            default -> throw new AssertionError("unknown --include-" + kind);
        };
    }

    private static boolean hasStaticMethod(String name, int arity) {
        for (Method m : Fuse.class.getMethods()) {
            if (m.getName().equals(name) && Modifier.isStatic(m.getModifiers())
                    && (arity < 0 || m.getParameterCount() == arity)) {
                return true;
            }
        }
        return false;
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
