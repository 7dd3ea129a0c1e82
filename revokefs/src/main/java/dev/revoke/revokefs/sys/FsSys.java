package dev.revoke.revokefs.sys;

import dev.revoke.revokefs.fuse.Fuse;
import dev.revoke.revokefs.fuse.stat;
import dev.revoke.revokefs.fuse.timespec;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;

/**
 * The libc calls revokefs makes beyond {@link dev.revoke.panama.Sys}: mount(2)
 * and umount2(2), positional I/O and fsync on the passthrough's real
 * descriptors, the namespace calls (mkdir, unlink, rename, ...), lstat,
 * xattrs. Same contract as {@code Sys}: a non-negative result or
 * {@code -errno}, never an exception.
 *
 * <p>errno is captured with {@code captureCallState("errno")}. The capture
 * area is allocated per call from the call's own confined arena (calls
 * with a path need one anyway for the C string); the positional I/O calls,
 * which take no path, use a per-thread area instead.
 */
public final class FsSys {
    private FsSys() {
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE.byteOffset(PathElement.groupElement("errno"));
    private static final ThreadLocal<MemorySegment> THREAD_CAPTURE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    private static final MethodHandle MOUNT = capturing(Fuse.mount$address(), Fuse.mount$descriptor());
    private static final MethodHandle UMOUNT2 = capturing(Fuse.umount2$address(), Fuse.umount2$descriptor());
    private static final MethodHandle PREAD = capturing(Fuse.pread$address(), Fuse.pread$descriptor());
    private static final MethodHandle PWRITE = capturing(Fuse.pwrite$address(), Fuse.pwrite$descriptor());
    private static final MethodHandle FSYNC = capturing(Fuse.fsync$address(), Fuse.fsync$descriptor());
    private static final MethodHandle FDATASYNC = capturing(Fuse.fdatasync$address(), Fuse.fdatasync$descriptor());
    private static final MethodHandle FTRUNCATE = capturing(Fuse.ftruncate$address(), Fuse.ftruncate$descriptor());
    private static final MethodHandle TRUNCATE = capturing(Fuse.truncate$address(), Fuse.truncate$descriptor());
    private static final MethodHandle CHMOD = capturing(Fuse.chmod$address(), Fuse.chmod$descriptor());
    private static final MethodHandle LCHOWN = capturing(Fuse.lchown$address(), Fuse.lchown$descriptor());
    private static final MethodHandle UTIMENSAT = capturing(Fuse.utimensat$address(), Fuse.utimensat$descriptor());
    private static final MethodHandle SETXATTR = capturing(Fuse.setxattr$address(), Fuse.setxattr$descriptor());
    private static final MethodHandle GETXATTR = capturing(Fuse.getxattr$address(), Fuse.getxattr$descriptor());
    private static final MethodHandle STATVFS = capturing(Fuse.statvfs$address(), Fuse.statvfs$descriptor());
    private static final MethodHandle LSTAT = capturing(Fuse.lstat$address(), Fuse.lstat$descriptor());
    private static final MethodHandle MKDIR = capturing(Fuse.mkdir$address(), Fuse.mkdir$descriptor());
    private static final MethodHandle UNLINK = capturing(Fuse.unlink$address(), Fuse.unlink$descriptor());
    private static final MethodHandle RMDIR = capturing(Fuse.rmdir$address(), Fuse.rmdir$descriptor());
    private static final MethodHandle RENAMEAT2 = capturing(Fuse.renameat2$address(), Fuse.renameat2$descriptor());
    private static final MethodHandle SYMLINK = capturing(Fuse.symlink$address(), Fuse.symlink$descriptor());
    private static final MethodHandle LINK = capturing(Fuse.link$address(), Fuse.link$descriptor());
    private static final MethodHandle READLINK = capturing(Fuse.readlink$address(), Fuse.readlink$descriptor());

    private static MethodHandle capturing(MemorySegment address, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(address, descriptor, CAPTURE_ERRNO);
    }

    private static int errno(MemorySegment capture) {
        return capture.get(ValueLayout.JAVA_INT, ERRNO_OFFSET);
    }

    private static int result(int r, MemorySegment capture) {
        return r == -1 ? -errno(capture) : r;
    }

    private static long result(long r, MemorySegment capture) {
        return r == -1 ? -errno(capture) : r;
    }

    private static AssertionError unreachable(Throwable t) {
        return new AssertionError("downcall failed", t);
    }

    private static MemorySegment cString(Arena arena, String s) {
        return s == null ? MemorySegment.NULL : arena.allocateFrom(s, StandardCharsets.UTF_8);
    }

    // ---- mounting ------------------------------------------------------------

    /** mount(2). {@code data} is the comma-separated option string, or null. */
    public static int mount(String source, String target, String fstype, long flags, String data) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            return result((int) MOUNT.invokeExact(cap, cString(a, source), cString(a, target), cString(a, fstype),
                    flags, cString(a, data)), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** umount2(2) with MNT_DETACH, MNT_FORCE, UMOUNT_NOFOLLOW. */
    public static int umount2(String target, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            return result((int) UMOUNT2.invokeExact(cap, cString(a, target), flags), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static final int MNT_DETACH = Fuse.MNT_DETACH();
    public static final int UMOUNT_NOFOLLOW = Fuse.UMOUNT_NOFOLLOW();
    public static final long MS_NOSUID = Fuse.MS_NOSUID();
    public static final long MS_NODEV = Fuse.MS_NODEV();

    // ---- positional I/O on real descriptors ------------------------------------

    /** pread(2) of {@code count} bytes (at most the segment's size) at {@code offset}. */
    public static long pread(int fd, MemorySegment buf, long count, long offset) {
        MemorySegment cap = THREAD_CAPTURE.get();
        try {
            return result((long) PREAD.invokeExact(cap, fd, buf, Math.min(count, buf.byteSize()), offset), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** pwrite(2) of {@code count} bytes (at most the segment's size) at {@code offset}. */
    public static long pwrite(int fd, MemorySegment buf, long count, long offset) {
        MemorySegment cap = THREAD_CAPTURE.get();
        try {
            return result((long) PWRITE.invokeExact(cap, fd, buf, Math.min(count, buf.byteSize()), offset), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int fsync(int fd) {
        MemorySegment cap = THREAD_CAPTURE.get();
        try {
            return result((int) FSYNC.invokeExact(cap, fd), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int fdatasync(int fd) {
        MemorySegment cap = THREAD_CAPTURE.get();
        try {
            return result((int) FDATASYNC.invokeExact(cap, fd), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int ftruncate(int fd, long length) {
        MemorySegment cap = THREAD_CAPTURE.get();
        try {
            return result((int) FTRUNCATE.invokeExact(cap, fd, length), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    // ---- paths ------------------------------------------------------------------

    public static int truncate(String path, long length) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            return result((int) TRUNCATE.invokeExact(cap, cString(a, path), length), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int chmod(String path, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            return result((int) CHMOD.invokeExact(cap, cString(a, path), mode), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** lchown(2); -1 leaves an id unchanged. */
    public static int lchown(String path, int uid, int gid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            return result((int) LCHOWN.invokeExact(cap, cString(a, path), uid, gid), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** A time for {@link #utimens}: seconds and nanoseconds, or {@link #UTIME_NOW} / {@link #UTIME_OMIT} as nanoseconds. */
    public static final long UTIME_NOW = Fuse.UTIME_NOW();
    public static final long UTIME_OMIT = Fuse.UTIME_OMIT();

    /** utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW). */
    public static int utimens(String path, long atimeSec, long atimeNsec, long mtimeSec, long mtimeNsec) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            MemorySegment times = a.allocate(timespec.layout(), 2);
            MemorySegment at = timespec.asSlice(times, 0);
            MemorySegment mt = timespec.asSlice(times, 1);
            timespec.tv_sec(at, atimeSec);
            timespec.tv_nsec(at, atimeNsec);
            timespec.tv_sec(mt, mtimeSec);
            timespec.tv_nsec(mt, mtimeNsec);
            return result((int) UTIMENSAT.invokeExact(cap, Fuse.AT_FDCWD(), cString(a, path), times,
                    Fuse.AT_SYMLINK_NOFOLLOW()), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int mkdir(String path, int mode) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            return result((int) MKDIR.invokeExact(cap, cString(a, path), mode), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int unlink(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            return result((int) UNLINK.invokeExact(cap, cString(a, path)), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int rmdir(String path) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            return result((int) RMDIR.invokeExact(cap, cString(a, path)), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static final int RENAME_NOREPLACE = Fuse.RENAME_NOREPLACE();
    public static final int RENAME_EXCHANGE = Fuse.RENAME_EXCHANGE();

    /** renameat2(AT_FDCWD, from, AT_FDCWD, to, flags). */
    public static int rename(String from, String to, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            return result((int) RENAMEAT2.invokeExact(cap, Fuse.AT_FDCWD(), cString(a, from), Fuse.AT_FDCWD(),
                    cString(a, to), flags), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int symlink(String target, String linkPath) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            return result((int) SYMLINK.invokeExact(cap, cString(a, target), cString(a, linkPath)), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    public static int link(String existing, String newPath) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            return result((int) LINK.invokeExact(cap, cString(a, existing), cString(a, newPath)), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** readlink(2): the target, or null with {@code err[0]} set to the negative errno. */
    public static String readlink(String path, int[] err) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            MemorySegment buf = a.allocate(4096);
            long n = result((long) READLINK.invokeExact(cap, cString(a, path), buf, buf.byteSize()), cap);
            if (n < 0) {
                err[0] = (int) n;
                return null;
            }
            byte[] b = buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
            return new String(b, StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** lstat(2) into a {@link Stat}; 0 or -errno. */
    public static int lstat(String path, Stat out) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            MemorySegment st = a.allocate(stat.layout());
            int r = result((int) LSTAT.invokeExact(cap, cString(a, path), st), cap);
            if (r == 0) {
                out.fill(st);
            }
            return r;
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** statvfs(3) into {@code out}, a native {@code struct statvfs}. */
    public static int statvfs(String path, MemorySegment out) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            return result((int) STATVFS.invokeExact(cap, cString(a, path), out), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** setxattr(2) of {@code value} (may be empty). */
    public static int setxattr(String path, String name, byte[] value, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            MemorySegment v = a.allocate(Math.max(1, value.length));
            MemorySegment.copy(value, 0, v, ValueLayout.JAVA_BYTE, 0, value.length);
            return result((int) SETXATTR.invokeExact(cap, cString(a, path), cString(a, name), v,
                    (long) value.length, flags), cap);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }

    /** getxattr(2): the value, or null with {@code err[0]} set to the negative errno. */
    public static byte[] getxattr(String path, String name, int[] err) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment cap = a.allocate(CAPTURE);
            MemorySegment v = a.allocate(64 * 1024);
            long n = result((long) GETXATTR.invokeExact(cap, cString(a, path), cString(a, name), v, v.byteSize()), cap);
            if (n < 0) {
                err[0] = (int) n;
                return null;
            }
            return v.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        } catch (Throwable t) {
            throw unreachable(t);
        }
    }
}
