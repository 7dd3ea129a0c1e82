package dev.revoke.revokefs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The calling process's mounts, from {@code /proc/self/mountinfo}: how
 * revokefs tells a revokefs mount (type {@value RevokeFs#FS_TYPE}) from
 * anything else, and finds the mount a path lives on.
 */
public final class MountTable {
    /** One line of mountinfo: where, what type, from what source. */
    public record Mount(Path mountPoint, String type, String source) {
        public boolean isRevokeFs() {
            return type.equals(RevokeFs.FS_TYPE);
        }
    }

    private final List<Mount> mounts;

    private MountTable(List<Mount> mounts) {
        this.mounts = mounts;
    }

    /** Reads /proc/self/mountinfo now. */
    public static MountTable read() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/self/mountinfo")));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/self/mountinfo: " + e.getMessage(), e);
        }
    }

    static MountTable parse(List<String> lines) {
        List<Mount> out = new ArrayList<>();
        for (String line : lines) {
            // id parent major:minor root mount-point options [optional...] - type source super-options
            String[] f = line.split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (f.length < 7 || dash < 0 || dash + 2 >= f.length) {
                continue;
            }
            out.add(new Mount(Path.of(unescape(f[4])), unescape(f[dash + 1]), unescape(f[dash + 2])));
        }
        return new MountTable(List.copyOf(out));
    }

    /** mountinfo writes space, tab, newline and backslash as {@code \ooo}. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1) && isOctal(s, i + 2) && isOctal(s, i + 3)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int i) {
        return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '7';
    }

    public List<Mount> all() {
        return mounts;
    }

    /** The topmost mount whose mount point is exactly {@code dir} (absolute, normalized). */
    public Optional<Mount> at(Path dir) {
        Mount found = null;
        for (Mount m : mounts) {
            if (m.mountPoint().equals(dir)) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    /** The mount {@code path} (absolute, symlinks resolved) is on: the topmost longest matching mount point. */
    public Optional<Mount> containing(Path path) {
        Mount best = null;
        for (Mount m : mounts) {
            if (path.startsWith(m.mountPoint())
                    && (best == null || m.mountPoint().getNameCount() >= best.mountPoint().getNameCount())) {
                best = m;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every revokefs mount point. */
    public List<Path> revokeFsMounts() {
        return mounts.stream().filter(Mount::isRevokeFs).map(Mount::mountPoint).toList();
    }
}
