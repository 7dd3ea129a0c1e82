package dev.revoke.procfs;

import dev.revoke.kernel.Process;
import dev.revoke.vfs.Caller;
import dev.revoke.vfs.Inode;
import dev.revoke.vfs.InodeType;
import dev.revoke.vfs.OpenFile;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code /proc/PID/fd}: one symlink per open descriptor, named by its
 * number and pointing at the path the file was opened by. The links are
 * made on each lookup from the process's descriptor table, as Linux's
 * {@code proc_fd_instantiate} does; they are not entries and hold nothing
 * open. Mode 0500 and owned by the process's user: others cannot look in.
 */
final class FdDir extends ProcDir {
    private final Process process;

    FdDir(ProcFs fs, ProcDir parent, Process process) {
        super(fs, parent, "fd", 0500, process.uid());
        this.process = process;
    }

    @Override
    public Inode lookup(String name, Caller caller) {
        if (!isLive() || process.hasExited()) {
            return null;
        }
        int fd;
        try {
            fd = Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return null;
        }
        if (fd < 0 || !String.valueOf(fd).equals(name) || process.peekFile(fd) == null) {
            return null;
        }
        return new FdLink(process, fd);
    }

    @Override
    public List<String> list(Caller caller) {
        List<String> names = new ArrayList<>();
        if (isLive() && !process.hasExited()) {
            for (int fd : process.openFds()) {
                names.add(String.valueOf(fd));
            }
        }
        return names;
    }

    /** {@code /proc/PID/fd/N}: reads the descriptor table each time it is followed. */
    static final class FdLink extends Inode {
        private final Process process;
        private final int fd;

        FdLink(Process process, int fd) {
            super(InodeType.SYMLINK, 0700, process.uid());
            this.process = process;
            this.fd = fd;
        }

        @Override
        public String readlink(Caller caller) {
            OpenFile f = process.hasExited() ? null : process.peekFile(fd);
            return f == null ? null : f.path();
        }
    }
}
