package dev.revoke.cli.emulation;

import dev.revoke.kernel.CharDevice;
import dev.revoke.kernel.CharDriver;
import dev.revoke.kernel.Kernel;
import dev.revoke.procfs.ProcFs;
import dev.revoke.ramfs.RamFs;
import dev.revoke.tty.TtyLayer;
import dev.revoke.vfs.DeviceNumber;

import java.util.function.Supplier;

/**
 * A booted emulated system, as the demo and the scenario runner use it: the
 * kernel with procfs on /proc and the tty layer (/dev/ptmx, /dev/pts/N,
 * /dev/tty, /dev/console, the vhangup(2) handler), plus the few set-up
 * helpers a script needs (device nodes in directories that do not exist
 * yet, one driver per device number).
 */
public final class Emulation {
    private final Kernel kernel;
    private final ProcFs procfs;
    private final TtyLayer ttys;

    private Emulation(Kernel kernel, ProcFs procfs, TtyLayer ttys) {
        this.kernel = kernel;
        this.procfs = procfs;
        this.ttys = ttys;
    }

    /** A fresh kernel with /proc mounted and the tty layer installed. */
    public static Emulation boot() {
        Kernel k = new Kernel();
        ProcFs procfs = ProcFs.mount(k);
        return new Emulation(k, procfs, TtyLayer.install(k));
    }

    public Kernel kernel() {
        return kernel;
    }

    public ProcFs procfs() {
        return procfs;
    }

    /** The tty layer: ptys, /dev/tty, /dev/console, vhangup(2). */
    public TtyLayer ttys() {
        return ttys;
    }

    /** {@code mkdir -p} in the root filesystem; returns the last directory. */
    public RamFs.Dir mkdirs(String path) {
        RamFs.Dir d = kernel.rootDirectory();
        for (String name : path.split("/")) {
            if (!name.isEmpty()) {
                d = d.mkdir(name, 0755, 0);
            }
        }
        return d;
    }

    /** The device registered under {@code number}, registering {@code driver} first if there is none. */
    public CharDevice device(DeviceNumber number, Supplier<? extends CharDriver> driver) {
        CharDevice d = kernel.charDevice(number);
        return d != null ? d : kernel.registerCharDevice(number, driver.get());
    }

    /** {@code mknod PATH c MAJ MIN}, making the parent directories; 0 or a negative errno. */
    public int mknod(String path, int mode, int uid, DeviceNumber number) {
        int slash = path.lastIndexOf('/');
        mkdirs(path.substring(0, Math.max(slash, 0)));
        return kernel.mknod(path, mode, uid, number);
    }

    /** {@code ln -s TARGET PATH}, making the parent directories; 0 or a negative errno. */
    public int symlink(String path, String target) {
        int slash = path.lastIndexOf('/');
        return mkdirs(path.substring(0, Math.max(slash, 0))).symlink(path.substring(slash + 1), target);
    }
}
