package dev.revoke.procfs;

import static dev.revoke.panama.Errno.EINVAL;

import dev.revoke.vfs.Abi;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * {@code proc_create_single}'s methods: {@code seq_read} and
 * {@code seq_lseek} over one rendering of a {@link SeqShow}.
 *
 * <ul>
 * <li>A read at position 0 renders afresh (Linux resets the iterator when
 *     a read starts at 0: a file that read empty shows what it has now), as
 *     does the first read at any position; later reads continue in the same
 *     rendering, so a file read in small pieces is consistent even if its
 *     content changes meanwhile. A read of 0 bytes renders nothing.
 * <li>lseek takes SEEK_SET and SEEK_CUR only (SEEK_END is EINVAL: the size
 *     is unknown); a negative target is EINVAL; moving to a new position
 *     renders afresh, as {@code traverse} does, and positions past the end
 *     are allowed (reads there return 0).
 * </ul>
 */
class SeqOps implements ProcOps {
    private final SeqShow show;

    SeqOps(SeqShow show) {
        this.show = show;
    }

    @Override
    public long read(ProcHandle h, byte[] buf, int off, int len) {
        if (len == 0) {
            return 0;
        }
        synchronized (h) {
            long pos = h.position();
            if (pos == 0 || h.seq == null) {
                render(h);
            }
            byte[] content = h.seq;
            if (pos >= content.length) {
                return 0;
            }
            int n = (int) Math.min(len, content.length - pos);
            System.arraycopy(content, (int) pos, buf, off, n);
            h.setPosition(pos + n);
            return n;
        }
    }

    @Override
    public long lseek(ProcHandle h, long offset, int whence) {
        synchronized (h) {
            long pos = h.position();
            long target = switch (whence) {
                case Abi.SEEK_SET -> offset;
                case Abi.SEEK_CUR -> pos + offset;
                default -> -1;
            };
            if (target < 0) {
                return EINVAL.negative();
            }
            if (target != pos) {
                try {
                    render(h);
                } catch (RuntimeException e) {
                    h.seq = null;
                    h.setPosition(0);
                    throw e;
                }
            }
            h.setPosition(target);
            return target;
        }
    }

    /** Under the handle's lock. A show that throws fails the call with EIO (see {@link ProcFileOperations}). */
    void render(ProcHandle h) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            show.show(out);
        }
        h.seq = text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
