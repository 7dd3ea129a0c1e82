package dev.revoke.chardev;

import static dev.revoke.panama.Errno.EAGAIN;
import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.ENOTTY;
import static dev.revoke.panama.Errno.EFAULT;
import static dev.revoke.panama.Errno.EINTR;
import static dev.revoke.panama.Errno.EINVAL;

import dev.revoke.kernel.CharDevice;
import dev.revoke.kernel.CharDriver;
import dev.revoke.mechanism.Revokable;
import dev.revoke.mechanism.WaitQueue;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.FileOperations;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.Mapping;
import dev.revoke.vfs.OpenFile;
import dev.revoke.vfs.PollTable;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A simulated serial line: what any opener writes, any opener reads, in
 * order, through a bounded buffer. Reads block while it is empty and writes
 * while it is full, on the device generation's wait queue, so a revocation
 * wakes them. After {@code revoke(2)} its files are FreeBSD deadfs files.
 *
 * <p>Each generation has its own buffer, found from the file's revocable
 * rather than stored in the file during open: once the open has attached
 * the file, it touches nothing more (Viro's point 1).
 */
public final class FifoDevice implements CharDriver {
    public static final int CAPACITY = 4096;
    private final Map<Revokable, Buffer> buffers = Collections.synchronizedMap(new WeakHashMap<>());

    private static final class Buffer {
        final byte[] data = new byte[CAPACITY];
        int head;
        int size;
    }

    @Override
    public FileOperations operations(CharDevice device) {
        return new Operations(device);
    }

    private Buffer bufferOf(OpenFile f) {
        return buffers.computeIfAbsent(f.revoke().resource(), r -> new Buffer());
    }

    private final class Operations implements FileOperations {
        private final CharDevice device;

        Operations(CharDevice device) {
            this.device = device;
        }

        @Override
        public int open(Inode inode, OpenFile file) {
            return device.attach(file);
        }

        @Override
        public long read(OpenFile f, byte[] buf, int off, int len) {
            if (len == 0) {
                return 0;
            }
            Buffer b = bufferOf(f);
            WaitQueue q = f.revoke().resource().waitQueue();
            while (true) {
                int n = take(b, q, buf, off, len);
                if (n > 0) {
                    return n;
                }
                if (f.isNonBlocking()) {
                    return EAGAIN.negative();
                }
                switch (q.await(() -> size(b) > 0, -1)) {
                    case REVOKED -> { return EIO.negative(); }
                    case INTERRUPTED -> { return EINTR.negative(); }
                    default -> { }
                }
            }
        }

        @Override
        public long write(OpenFile f, byte[] buf, int off, int len) {
            Buffer b = bufferOf(f);
            WaitQueue q = f.revoke().resource().waitQueue();
            int done = 0;
            while (done < len) {
                int n = put(b, q, buf, off + done, len - done);
                done += n;
                if (done == len) {
                    break;
                }
                if (f.isNonBlocking()) {
                    return done > 0 ? done : EAGAIN.negative();
                }
                switch (q.await(() -> size(b) < CAPACITY, -1)) {
                    case REVOKED -> { return done > 0 ? done : EIO.negative(); }
                    case INTERRUPTED -> { return done > 0 ? done : EINTR.negative(); }
                    default -> { }
                }
            }
            return done;
        }

        @Override
        public int poll(OpenFile f, int events, PollTable table) {
            Buffer b = bufferOf(f);
            if (table != null) {
                table.waitOn(f.revoke().resource().waitQueue());
            }
            int n = size(b);
            int mask = 0;
            if (n > 0) {
                mask |= Abi.POLLIN | Abi.POLLRDNORM;
            }
            if (n < CAPACITY) {
                mask |= Abi.POLLOUT | Abi.POLLWRNORM;
            }
            return mask;
        }

        /** Maps the unread bytes; each access faults to the live buffer, so a revocation zaps it. */
        @Override
        public int mmap(OpenFile f, Mapping m) {
            return 0;
        }

        @Override
        public int fault(OpenFile f, Mapping m, long at) {
            Buffer b = bufferOf(f);
            synchronized (b) {
                return at < b.size ? b.data[(int) ((b.head + at) % CAPACITY)] & 0xff : EFAULT.negative();
            }
        }

        @Override
        public long ioctl(OpenFile f, int cmd, Object arg) {
            if (cmd == Abi.FIONREAD) {
                if (!(arg instanceof int[] out) || out.length < 1) {
                    return EINVAL.negative();
                }
                out[0] = size(bufferOf(f));
                return 0;
            }
            return ENOTTY.negative();
        }
    }

    private static int size(Buffer b) {
        synchronized (b) {
            return b.size;
        }
    }

    private static int take(Buffer b, WaitQueue q, byte[] buf, int off, int len) {
        int n;
        synchronized (b) {
            n = Math.min(len, b.size);
            for (int i = 0; i < n; i++) {
                buf[off + i] = b.data[(b.head + i) % CAPACITY];
            }
            b.head = (b.head + n) % CAPACITY;
            b.size -= n;
        }
        if (n > 0) {
            q.wakeAll();
        }
        return n;
    }

    private static int put(Buffer b, WaitQueue q, byte[] buf, int off, int len) {
        int n;
        synchronized (b) {
            n = Math.min(len, CAPACITY - b.size);
            for (int i = 0; i < n; i++) {
                b.data[(b.head + b.size + i) % CAPACITY] = buf[off + i];
            }
            b.size += n;
        }
        if (n > 0) {
            q.wakeAll();
        }
        return n;
    }
}
