package dev.revoke.ramfs;

import static dev.revoke.panama.Errno.EEXIST;

import dev.revoke.vfs.Abi;
import dev.revoke.vfs.Caller;
import dev.revoke.vfs.DeviceNumber;
import dev.revoke.vfs.FileOperations;
import dev.revoke.vfs.FileSystem;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.InodeType;
import dev.revoke.vfs.Mapping;
import dev.revoke.vfs.OpenFile;
import dev.revoke.vfs.Seek;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The root filesystem of the emulated kernel: directories, regular files
 * held in memory, symlinks and device nodes. Nothing here is revocable:
 * {@code revoke(2)} of a regular file is EINVAL, as on FreeBSD.
 */
public final class RamFs implements FileSystem {
    private final Dir root = new Dir(0755, 0);

    @Override
    public String type() {
        return "ramfs";
    }

    @Override
    public Dir root() {
        return root;
    }

    /** A directory: a sorted map of names. */
    public static final class Dir extends Inode {
        private final ConcurrentSkipListMap<String, Inode> children = new ConcurrentSkipListMap<>();

        Dir(int mode, int uid) {
            super(InodeType.DIRECTORY, mode, uid);
        }

        @Override
        public Inode lookup(String name, Caller caller) {
            return children.get(name);
        }

        @Override
        public List<String> list(Caller caller) {
            return List.copyOf(children.keySet());
        }

        @Override
        public int create(String name, int mode, Caller caller) {
            return children.putIfAbsent(name, new File(mode, caller.uid())) == null ? 0 : EEXIST.negative();
        }

        public Dir mkdir(String name, int mode, int uid) {
            children.putIfAbsent(name, new Dir(mode, uid));
            return (Dir) children.get(name);
        }

        public File createFile(String name, int mode, int uid, String content) {
            File f = new File(mode, uid);
            f.write(content.getBytes(), 0, content.length(), 0);
            children.put(name, f);
            return f;
        }

        /** {@code mknod c MAJOR MINOR}. */
        public int mknod(String name, int mode, int uid, DeviceNumber rdev) {
            return children.putIfAbsent(name, new DeviceNode(mode, uid, rdev)) == null ? 0 : EEXIST.negative();
        }

        public int symlink(String name, String target) {
            return children.putIfAbsent(name, new Symlink(target)) == null ? 0 : EEXIST.negative();
        }

        public boolean unlink(String name) {
            return children.remove(name) != null;
        }
    }

    /** A regular file whose bytes live on the heap. */
    public static final class File extends Inode {
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();

        File(int mode, int uid) {
            super(InodeType.REGULAR, mode, uid);
        }

        @Override
        public FileOperations fileOperations() {
            return OPERATIONS;
        }

        @Override
        public synchronized long size() {
            return data.size();
        }

        @Override
        public synchronized int truncate() {
            data.reset();
            return 0;
        }

        synchronized int read(byte[] buf, int off, int len, long pos) {
            byte[] all = data.toByteArray();
            if (pos >= all.length) {
                return 0;
            }
            int n = (int) Math.min(len, all.length - pos);
            System.arraycopy(all, (int) pos, buf, off, n);
            return n;
        }

        synchronized int write(byte[] buf, int off, int len, long pos) {
            byte[] all = data.toByteArray();
            int end = (int) Math.max(all.length, pos + len);
            byte[] grown = java.util.Arrays.copyOf(all, end);
            System.arraycopy(buf, off, grown, (int) pos, len);
            data.reset();
            data.write(grown, 0, grown.length);
            return len;
        }

        synchronized byte[] content() {
            return data.toByteArray();
        }
    }

    public static final class DeviceNode extends Inode {
        private final DeviceNumber rdev;

        DeviceNode(int mode, int uid, DeviceNumber rdev) {
            super(InodeType.CHAR_DEVICE, mode, uid);
            this.rdev = rdev;
        }

        @Override
        public DeviceNumber rdev() {
            return rdev;
        }
    }

    public static final class Symlink extends Inode {
        private final String target;

        Symlink(String target) {
            super(InodeType.SYMLINK, 0777, 0);
            this.target = target;
        }

        @Override
        public String readlink(Caller caller) {
            return target;
        }
    }

    private static final FileOperations OPERATIONS = new FileOperations() {
        @Override
        public long read(OpenFile f, byte[] buf, int off, int len) {
            File file = (File) f.inode();
            synchronized (f) {
                int n = file.read(buf, off, len, f.position());
                f.advance(n);
                return n;
            }
        }

        @Override
        public long write(OpenFile f, byte[] buf, int off, int len) {
            File file = (File) f.inode();
            synchronized (f) {
                long pos = (f.flags() & Abi.O_APPEND) != 0 ? file.size() : f.position();
                int n = file.write(buf, off, len, pos);
                f.setPosition(pos + n);
                return n;
            }
        }

        @Override
        public long llseek(OpenFile f, long offset, int whence) {
            return Seek.generic(f, offset, whence, f.inode().size());
        }

        @Override
        public int mmap(OpenFile f, Mapping m) {
            m.populate(((File) f.inode()).content());
            return 0;
        }
    };
}
