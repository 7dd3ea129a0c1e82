package dev.revoke.vfs;

public enum InodeType {
    REGULAR(Abi.S_IFREG), DIRECTORY(Abi.S_IFDIR), CHAR_DEVICE(Abi.S_IFCHR), SYMLINK(Abi.S_IFLNK);

    private final int format;

    InodeType(int format) {
        this.format = format;
    }

    /** The {@code S_IFMT} bits of {@code st_mode}. */
    public int format() {
        return format;
    }
}
