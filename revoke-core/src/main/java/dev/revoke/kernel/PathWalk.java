package dev.revoke.kernel;

import static dev.revoke.panama.Errno.EACCES;
import static dev.revoke.panama.Errno.ELOOP;
import static dev.revoke.panama.Errno.ENAMETOOLONG;
import static dev.revoke.panama.Errno.ENOENT;
import static dev.revoke.panama.Errno.ENOTDIR;

import dev.revoke.vfs.Abi;
import dev.revoke.vfs.Caller;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.InodeType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Path lookup, Linux's namei: from a string to an inode, crossing mounts,
 * following symlinks (at most 40), and failing as Linux fails: ENOENT for an
 * empty path or a missing component, ENOTDIR for a file used as a directory
 * (a trailing slash included), ENAMETOOLONG, ELOOP, EACCES without search
 * permission. {@code ..} is taken on the path walked, so it leaves a mount
 * the way it came in.
 */
final class PathWalk {
    private static final int MAX_SYMLINKS = 40;

    /** The outcome: an inode, or an errno with, for a missing last component, its parent and name. */
    record Result(int error, Inode inode, Inode parent, String name, String path) {
        boolean ok() {
            return error == 0;
        }
    }

    private final Kernel kernel;
    private final Caller caller;
    /** The inodes walked so far and their canonical paths, for {@code ..}. */
    private final Deque<Inode> inodes = new ArrayDeque<>();
    private final Deque<String> names = new ArrayDeque<>();
    private int symlinks;

    private PathWalk(Kernel kernel, Caller caller) {
        this.kernel = kernel;
        this.caller = caller;
    }

    static Result resolve(Kernel kernel, Caller caller, String path, boolean followLast) {
        if (path.isEmpty()) {
            return failure(ENOENT.negative());
        }
        if (path.length() >= Abi.PATH_MAX) {
            return failure(ENAMETOOLONG.negative());
        }
        return new PathWalk(kernel, caller).walk(path, followLast);
    }

    private Result walk(String path, boolean followLast) {
        inodes.push(kernel.rootInode());
        List<String> pending = new ArrayList<>(components(path));
        boolean mustBeDir = path.endsWith("/");
        while (!pending.isEmpty()) {
            String name = pending.remove(0);
            boolean last = pending.isEmpty();
            if (name.length() > Abi.NAME_MAX) {
                return failure(ENAMETOOLONG.negative());
            }
            Inode dir = inodes.peek();
            if (dir.type() != InodeType.DIRECTORY) {
                return failure(ENOTDIR.negative());
            }
            if (!kernel.maySearch(dir, caller)) {
                return failure(EACCES.negative());
            }
            if (name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (inodes.size() > 1) {
                    inodes.pop();
                    names.pop();
                }
                continue;
            }
            Inode child = dir.lookup(name, caller);
            if (child == null) {
                return last ? new Result(ENOENT.negative(), null, dir, name, joined(name)) : failure(ENOENT.negative());
            }
            child = kernel.mountedOn(joined(name), child);
            if (child.type() == InodeType.SYMLINK && (!last || followLast || mustBeDir)) {
                if (++symlinks > MAX_SYMLINKS) {
                    return failure(ELOOP.negative());
                }
                String target = child.readlink(caller);
                if (target == null || target.isEmpty()) {
                    return failure(ENOENT.negative());
                }
                if (target.startsWith("/")) {
                    inodes.clear();
                    names.clear();
                    inodes.push(kernel.rootInode());
                }
                pending.addAll(0, components(target));
                continue;
            }
            inodes.push(child);
            names.push(name);
        }
        Inode found = inodes.peek();
        if (mustBeDir && found.type() != InodeType.DIRECTORY) {
            return failure(ENOTDIR.negative());
        }
        return new Result(0, found, null, names.isEmpty() ? "/" : names.peek(), joined(null));
    }

    private String joined(String extra) {
        StringBuilder b = new StringBuilder();
        names.descendingIterator().forEachRemaining(n -> b.append('/').append(n));
        if (extra != null) {
            b.append('/').append(extra);
        }
        return b.isEmpty() ? "/" : b.toString();
    }

    private static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (!c.isEmpty()) {
                out.add(c);
            }
        }
        return out;
    }

    private static Result failure(int errno) {
        return new Result(errno, null, null, null, null);
    }
}
