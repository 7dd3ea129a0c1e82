package dev.revoke.procfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.revoke.vfs.Mapping;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Methods that count: opens, releases, and releases per open file (each
 * file's counter lives in its private data). Reads return one byte, 'x';
 * ioctl returns 0; mmap maps "hello"; lseek is default_llseek.
 */
class CountingOps implements ProcOps {
    final AtomicInteger opens = new AtomicInteger();
    final AtomicInteger releases = new AtomicInteger();
    final List<AtomicInteger> perFile = new CopyOnWriteArrayList<>();

    @Override
    public int open(ProcHandle h) {
        AtomicInteger mine = new AtomicInteger();
        h.setPrivateData(mine);
        perFile.add(mine);
        opens.incrementAndGet();
        return 0;
    }

    @Override
    public long read(ProcHandle h, byte[] buf, int off, int len) {
        if (len == 0) {
            return 0;
        }
        buf[off] = 'x';
        return 1;
    }

    @Override
    public long write(ProcHandle h, byte[] buf, int off, int len) {
        return len;
    }

    @Override
    public long lseek(ProcHandle h, long offset, int whence) {
        return ProcOps.defaultLlseek(h, offset, whence, 0);
    }

    @Override
    public long ioctl(ProcHandle h, int cmd, Object arg) {
        return 0;
    }

    @Override
    public int mmap(ProcHandle h, Mapping m) {
        m.populate("hello".getBytes(StandardCharsets.US_ASCII));
        return 0;
    }

    @Override
    public void release(ProcHandle h) {
        ((AtomicInteger) h.privateData()).incrementAndGet();
        releases.incrementAndGet();
    }

    /** Every file that was opened was released exactly once. */
    void assertEachReleasedOnce() {
        for (int i = 0; i < perFile.size(); i++) {
            assertEquals(1, perFile.get(i).get(), "releases of file #" + i);
        }
        assertEquals(opens.get(), releases.get(), "opens vs releases");
    }
}
