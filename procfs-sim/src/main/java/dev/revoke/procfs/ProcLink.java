package dev.revoke.procfs;

import dev.revoke.vfs.Caller;
import dev.revoke.vfs.InodeType;

import java.util.function.Function;

/**
 * A symlink entry ({@code proc_symlink}). The target may depend on who
 * reads it, as {@code /proc/self} does.
 */
final class ProcLink extends ProcEntry {
    private final Function<Caller, String> target;

    ProcLink(ProcFs fs, ProcDir parent, String name, Function<Caller, String> target) {
        super(fs, parent, name, InodeType.SYMLINK, 0777, 0);
        this.target = target;
    }

    @Override
    public String readlink(Caller caller) {
        return isLive() ? target.apply(caller) : null;
    }
}
