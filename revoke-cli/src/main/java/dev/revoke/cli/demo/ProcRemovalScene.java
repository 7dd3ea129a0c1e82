package dev.revoke.cli.demo;

import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.ENOENT;

import dev.revoke.cli.emulation.Actor;
import dev.revoke.cli.emulation.Calls;
import dev.revoke.cli.emulation.Emulation;
import dev.revoke.cli.emulation.Outcome;
import dev.revoke.cli.emulation.ProcCalls;
import dev.revoke.kernel.Process;
import dev.revoke.vfs.Abi;

/**
 * Scene 1: what Linux procfs does when a module removes its /proc entry,
 * with a reader asleep inside the entry's read method (klogd on
 * /proc/kmsg). The name goes first, then the rundown wakes the sleeper,
 * waits for it to leave and releases the file; the reader's read returns
 * EIO, later calls answer as a removed procfs file, and the name is gone.
 */
final class ProcRemovalScene implements Scene {
    @Override
    public String name() {
        return "proc-removal";
    }

    @Override
    public String title() {
        return "a /proc entry removed while a reader sleeps in it";
    }

    @Override
    public void play(Stage s) {
        Emulation emu = Emulation.boot();
        Process klogd = emu.kernel().spawn("klogd", 0);
        Actor reader = s.actor(klogd);
        Actor kernel = s.actor("kernel");
        s.begin();
        s.say("klogd keeps /proc/kmsg open and reads it; each read sleeps until the kernel logs a line.");

        int fd = (int) s.call(reader, Calls.open("/proc/kmsg", Abi.O_RDONLY)).value();
        s.call(kernel, ProcCalls.printk(emu.procfs(), "usb 1-1: new high-speed USB device number 2"));
        Outcome first = s.call(reader, Calls.read(fd, 128));
        s.check("klogd read the logged line", first.value() > 0);
        s.start(reader, Calls.read(fd, 128));

        s.say("Now the entry is removed under the sleeping reader (remove_proc_entry). The name is unlinked first;"
                + "\nthe rundown then stops new callers, wakes the sleeper, waits for it to leave, and releases the file.");
        Outcome removal = s.call(kernel, ProcCalls.remove(emu.procfs(), "kmsg", false));
        Outcome woken = s.await(reader);
        s.check("the removal returned 0 and released the one open file", removal.value() == 0 && removal.released() == 1);
        s.check("the sleeping read woke with EIO", woken.errno() == EIO);

        s.say("Afterwards the open file answers as a removed procfs file, and the name is gone.");
        Outcome again = s.call(reader, Calls.read(fd, 128));
        Outcome poll = s.call(reader, Calls.poll(fd, Abi.POLLIN | Abi.POLLOUT, 0));
        Outcome reopen = s.call(reader, Calls.open("/proc/kmsg", Abi.O_RDONLY));
        Outcome close = s.call(reader, Calls.close(fd));
        s.check("a later read is EIO", again.errno() == EIO);
        s.check("poll says ready (procfs's default mask), so a poller never hangs on it",
                poll.revents() == (Abi.POLLIN | Abi.POLLOUT));
        s.check("a new open is ENOENT", reopen.errno() == ENOENT);
        s.check("close still works, and releases nothing twice", close.value() == 0);
        klogd.exit(0);
    }
}
