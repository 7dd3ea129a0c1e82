package dev.revoke.revokefs.bridge;

import dev.revoke.vfs.Inode;

/**
 * A FUSE node id and the emulated inode it stands for, with the name it was
 * last looked up by (the kernel's dentry: renames move it). The lookup
 * count is the number of successful LOOKUP/CREATE/MKDIR/SYMLINK answers
 * the kernel has not yet FORGOTten. Guarded by the {@link NodeTable}.
 */
public final class Node {
    final long id;
    final Inode inode;
    Node parent;
    String name;
    long lookups;

    Node(long id, Inode inode, Node parent, String name) {
        this.id = id;
        this.inode = inode;
        this.parent = parent;
        this.name = name;
    }

    public long id() {
        return id;
    }

    public Inode inode() {
        return inode;
    }

    @Override
    public String toString() {
        return "node " + id + " (" + inode + ")";
    }
}
