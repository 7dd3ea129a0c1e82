package dev.revoke.revokefs;

import java.nio.file.Path;

final class MountTableTestSupport {
    /** How many mounts are stacked at {@code dir}. */
    static long countAt(Path dir) throws java.io.IOException {
        Path real = dir.toRealPath();
        return MountTable.read().all().stream().filter(m -> m.mountPoint().equals(real)).count();
    }

    private MountTableTestSupport() {}
}
