package dev.revoke.revokefs.bridge;

import dev.revoke.vfs.Inode;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Node ids handed to the kernel. One node per emulated inode (by identity),
 * so a procfs entry removed and created again under the same name gets a
 * new node id, and the kernel never mistakes the new file for the old.
 * Ids are never reused (a 64-bit counter), so the generation is always 0.
 * The root is node 1 and is never forgotten.
 */
final class NodeTable {
    static final long ROOT_ID = 1;

    private final Map<Long, Node> byId = new HashMap<>();
    private final Map<Inode, Node> byInode = new IdentityHashMap<>();
    private final Node root;
    private long nextId = ROOT_ID + 1;

    NodeTable(Inode rootInode) {
        root = new Node(ROOT_ID, rootInode, null, "");
        root.lookups = Long.MAX_VALUE / 2;
        byId.put(ROOT_ID, root);
        byInode.put(rootInode, root);
    }

    Node root() {
        return root;
    }

    synchronized Node get(long id) {
        return byId.get(id);
    }

    synchronized Node find(Inode inode) {
        return byInode.get(inode);
    }

    /** A successful lookup of {@code name} in {@code parent}: the node (made if new), its count one higher. */
    synchronized Node lookedUp(Node parent, String name, Inode inode) {
        Node n = byInode.get(inode);
        if (n == null) {
            n = new Node(nextId++, inode, parent, name);
            byId.put(n.id, n);
            byInode.put(inode, n);
        } else if (n != root) {
            n.parent = parent;
            n.name = name;
        }
        n.lookups++;
        return n;
    }

    /** The kernel renamed a dentry: the node follows. */
    synchronized void moved(Node n, Node newParent, String newName) {
        n.parent = newParent;
        n.name = newName;
    }

    synchronized void forget(long id, long count) {
        Node n = byId.get(id);
        if (n == null || n == root) {
            return;
        }
        n.lookups -= count;
        if (n.lookups <= 0) {
            byId.remove(id);
            byInode.remove(n.inode);
        }
    }

    /** The emulated path of a node: its names up to the root. */
    synchronized String path(Node n) {
        if (n == root) {
            return "/";
        }
        StringBuilder b = new StringBuilder();
        for (Node at = n; at != null && at != root; at = at.parent) {
            b.insert(0, at.name).insert(0, '/');
        }
        return b.toString();
    }

    /** Nodes the kernel holds, the root included. */
    synchronized int size() {
        return byId.size();
    }

    synchronized void clear() {
        byId.clear();
        byInode.clear();
        byId.put(ROOT_ID, root);
        byInode.put(root.inode, root);
    }
}
