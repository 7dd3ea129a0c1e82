package dev.revoke.procfs;

import dev.revoke.vfs.Caller;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.InodeType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A directory entry: a sorted map of names ({@code pde->subdir}). Lookups
 * read it without a lock; every change is made under the tree lock of
 * {@link ProcFs} ({@code proc_subdir_lock}). A lookup finds only live
 * entries, so once a removal has unlinked a subtree nothing in it is found
 * again, even through a directory a path walk reached before the removal.
 */
class ProcDir extends ProcEntry {
    final ConcurrentSkipListMap<String, ProcEntry> children = new ConcurrentSkipListMap<>();

    ProcDir(ProcFs fs, ProcDir parent, String name, int mode, int uid) {
        super(fs, parent, name, InodeType.DIRECTORY, mode, uid);
    }

    @Override
    public Inode lookup(String name, Caller caller) {
        ProcEntry e = children.get(name);
        return e != null && e.isLive() ? e : null;
    }

    @Override
    public List<String> list(Caller caller) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, ProcEntry> e : children.entrySet()) {
            if (e.getValue().isLive()) {
                names.add(e.getKey());
            }
        }
        return names;
    }

    @Override
    public int childCount() {
        return children.size();
    }

    /** The live child called {@code name}, for the tree's own walks. */
    ProcEntry child(String name) {
        ProcEntry e = children.get(name);
        return e != null && e.isLive() ? e : null;
    }
}
