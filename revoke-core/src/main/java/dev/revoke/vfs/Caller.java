package dev.revoke.vfs;

/** Who is asking: what a filesystem may look at of the calling process. */
public interface Caller {
    int pid();

    int uid();

    boolean isRoot();
}
