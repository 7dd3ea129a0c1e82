package dev.revoke.vfs;

import dev.revoke.mechanism.Revoke;

/**
 * The one place that calls {@link FileOperations} (Viro's point 7). Each
 * method is the same three steps: start using the file, call the live
 * method or, if the file is revoked, the filesystem's revoked one, stop
 * using. A non-revokable file costs one null check. {@code GateArchitectureTest}
 * fails the build if anything else calls a file method.
 */
public final class Gate {

    public static int open(OpenFile f, Inode inode) {
        return f.ops().open(inode, f);
    }

    public static long read(OpenFile f, byte[] buf, int off, int len) {
        Revoke r = f.revoke();
        if (r == null) {
            return f.ops().read(f, buf, off, len);
        }
        Object t = r.enter();
        if (t == null) {
            return dead(f).read(f, buf, off, len);
        }
        try {
            return f.ops().read(f, buf, off, len);
        } finally {
            r.stopUsing(t);
        }
    }

    public static long write(OpenFile f, byte[] buf, int off, int len) {
        Revoke r = f.revoke();
        if (r == null) {
            return f.ops().write(f, buf, off, len);
        }
        Object t = r.enter();
        if (t == null) {
            return dead(f).write(f, buf, off, len);
        }
        try {
            return f.ops().write(f, buf, off, len);
        } finally {
            r.stopUsing(t);
        }
    }

    public static long llseek(OpenFile f, long offset, int whence) {
        Revoke r = f.revoke();
        if (r == null) {
            return f.ops().llseek(f, offset, whence);
        }
        Object t = r.enter();
        if (t == null) {
            return dead(f).llseek(f, offset, whence);
        }
        try {
            return f.ops().llseek(f, offset, whence);
        } finally {
            r.stopUsing(t);
        }
    }

    public static int poll(OpenFile f, int events, PollTable table) {
        Revoke r = f.revoke();
        if (r == null) {
            return f.ops().poll(f, events, table);
        }
        Object t = r.enter();
        if (t == null) {
            return dead(f).poll(f, events, table);
        }
        try {
            return f.ops().poll(f, events, table);
        } finally {
            r.stopUsing(t);
        }
    }

    public static long ioctl(OpenFile f, int cmd, Object arg) {
        Revoke r = f.revoke();
        if (r == null) {
            return f.ops().ioctl(f, cmd, arg);
        }
        Object t = r.enter();
        if (t == null) {
            return dead(f).ioctl(f, cmd, arg);
        }
        try {
            return f.ops().ioctl(f, cmd, arg);
        } finally {
            r.stopUsing(t);
        }
    }

    public static int mmap(OpenFile f, Mapping m) {
        Revoke r = f.revoke();
        if (r == null) {
            return f.ops().mmap(f, m);
        }
        Object t = r.enter();
        if (t == null) {
            return dead(f).mmap(f, m);
        }
        try {
            return f.ops().mmap(f, m);
        } finally {
            r.stopUsing(t);
        }
    }

    public static int fault(Mapping m, long offset) {
        OpenFile f = m.file();
        Revoke r = f.revoke();
        if (r == null) {
            return f.ops().fault(f, m, offset);
        }
        Object t = r.enter();
        if (t == null) {
            return dead(f).fault(f, m, offset);
        }
        try {
            return f.ops().fault(f, m, offset);
        } finally {
            r.stopUsing(t);
        }
    }

    public static int fasync(OpenFile f, boolean on) {
        Revoke r = f.revoke();
        if (r == null) {
            return f.ops().fasync(f, on);
        }
        Object t = r.enter();
        if (t == null) {
            return dead(f).fasync(f, on);
        }
        try {
            return f.ops().fasync(f, on);
        } finally {
            r.stopUsing(t);
        }
    }

    /** Not bracketed: release runs exactly once, after every other method is over. */
    static void release(OpenFile f) {
        f.ops().release(f);
    }

    public static Mapping newMapping(OpenFile f, long offset, int length) {
        return new Mapping(f, offset, length);
    }

    private static FileOperations dead(OpenFile f) {
        return f.ops().revokedOperations();
    }

    private Gate() {}
}
