package dev.revoke.revokefs.protocol;

import dev.revoke.revokefs.fuse.Fuse;
import dev.revoke.revokefs.fuse.fuse_dirent;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * READDIR answers: a run of {@code struct fuse_dirent}, each its fixed part
 * ({@code ino}, {@code off}, {@code namelen}, {@code type}), the name with
 * no NUL, and padding to the next 8-byte boundary. {@code off} is the
 * cookie the kernel sends back to continue after that entry; here it is
 * the index of the next entry in the directory handle's listing.
 */
public final class Dirents {
    /** {@code d_type} values. */
    public static final int DT_UNKNOWN = 0;
    public static final int DT_CHR = 2;
    public static final int DT_DIR = 4;
    public static final int DT_REG = 8;
    public static final int DT_LNK = 10;

    /** One entry of a listing. */
    public record Entry(String name, long ino, int type) {}

    private static final long NAME_OFFSET = Fuse.REVOKEFS_DIRENT_NAME_OFFSET();
    private static final long ALIGN = Fuse.REVOKEFS_DIRENT_ALIGN();

    /** The bytes one entry takes, padding included. */
    public static long recordSize(int nameBytes) {
        long n = NAME_OFFSET + nameBytes;
        return (n + ALIGN - 1) & -ALIGN;
    }

    /**
     * Entries from index {@code from} on, as many whole entries as fit in
     * {@code maxBytes}. An empty body means the end of the directory.
     */
    public static Reply encode(List<Entry> listing, long from, long maxBytes) {
        long total = 0;
        int end = (int) Math.min(Math.max(from, 0), listing.size());
        int start = end;
        while (end < listing.size()) {
            long size = recordSize(listing.get(end).name().getBytes(StandardCharsets.UTF_8).length);
            if (total + size > maxBytes) {
                break;
            }
            total += size;
            end++;
        }
        MemorySegment b = Reply.struct(total);
        long at = 0;
        for (int i = start; i < end; i++) {
            Entry e = listing.get(i);
            byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
            MemorySegment d = b.asSlice(at);
            fuse_dirent.ino(d, e.ino());
            fuse_dirent.off(d, i + 1);
            fuse_dirent.namelen(d, name.length);
            fuse_dirent.type(d, e.type());
            MemorySegment.copy(name, 0, b, ValueLayout.JAVA_BYTE, at + NAME_OFFSET, name.length);
            at += recordSize(name.length);
        }
        return Reply.of(b);
    }

    private Dirents() {}
}
