package dev.revoke.vfs;

/** Something the emulated kernel can mount: a root inode and a name for /proc/mounts. */
public interface FileSystem {
    /** {@code procfs}, {@code ramfs}, ... as /proc/mounts shows it. */
    String type();

    Inode root();
}
