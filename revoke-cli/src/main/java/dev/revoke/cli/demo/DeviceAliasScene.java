package dev.revoke.cli.demo;

import static dev.revoke.panama.Errno.EIO;
import static dev.revoke.panama.Errno.EPERM;

import dev.revoke.chardev.FifoDevice;
import dev.revoke.cli.emulation.Actor;
import dev.revoke.cli.emulation.Calls;
import dev.revoke.cli.emulation.Emulation;
import dev.revoke.cli.emulation.Outcome;
import dev.revoke.cli.text.Quote;
import dev.revoke.kernel.CharDevice;
import dev.revoke.kernel.Process;
import dev.revoke.vfs.Abi;
import dev.revoke.vfs.DeviceNumber;

import java.nio.charset.StandardCharsets;

/**
 * Scene 3: revoke(2) by path on a device that has two names. A simulated
 * serial line is reachable as /dev/ttyF0 and as a by-id node with the same
 * device number; two processes sleep in reads, one through each name. One
 * revoke through one name wakes both (the revokable is found through the
 * device number, Viro's point 6), and new opens through either name get the
 * device's fresh generation (point 5).
 */
final class DeviceAliasScene implements Scene {
    static final String TTY = "/dev/ttyF0";
    static final String BY_ID = "/dev/serial/by-id/usb-revoke_Serial_F0-if00";

    @Override
    public String name() {
        return "device-aliases";
    }

    @Override
    public String title() {
        return "revoke(path) of a device reached through two names";
    }

    @Override
    public void play(Stage s) {
        Emulation emu = Emulation.boot();
        DeviceNumber number = new DeviceNumber(240, 0);
        CharDevice device = emu.device(number, FifoDevice::new);
        emu.mknod(TTY, 0660, 0, number);
        emu.mknod(BY_ID, 0660, 0, number);
        s.say("One serial line (device 240:0), two nodes: " + TTY + " and " + BY_ID + ".");

        Process getty = emu.kernel().spawn("getty", 0);
        Process modem = emu.kernel().spawn("modemmgr", 0);
        Process mallory = emu.kernel().spawn("mallory", 1000);
        Process admin = emu.kernel().spawn("admin", 0);
        Actor a = s.actor(getty);
        Actor b = s.actor(modem);
        Actor m = s.actor(mallory);
        Actor root = s.actor(admin);
        s.begin();

        int fa = (int) s.call(a, Calls.open(TTY, Abi.O_RDWR)).value();
        int fb = (int) s.call(b, Calls.open(BY_ID, Abi.O_RDWR)).value();
        s.start(a, Calls.read(fa, 64));
        s.start(b, Calls.read(fb, 64));

        s.say("A user who does not own the node may not revoke it (FreeBSD's rule).");
        Outcome denied = s.call(m, Calls.revoke(BY_ID));
        s.check("revoke by a non-owner is EPERM and wakes nobody", denied.errno() == EPERM && a.busy() && b.busy());

        s.say("root revokes through the by-id name only.");
        Outcome revoked = s.call(root, Calls.revoke(BY_ID));
        Outcome ra = s.await(a);
        Outcome rb = s.await(b);
        s.check("revoke returned 0", revoked.value() == 0);
        s.check("the reader through " + TTY + " woke with EIO", ra.errno() == EIO);
        s.check("the reader through the by-id name woke with EIO", rb.errno() == EIO);

        s.say("The old descriptors are dead (FreeBSD deadfs answers); new opens get generation "
                + (device.generationNumber()) + " of the device.");
        Outcome w = s.call(a, Calls.write(fa, "ATZ\r"));
        s.check("a write on an old descriptor is EIO", w.errno() == EIO);
        int na = (int) s.call(a, Calls.open(TTY, Abi.O_RDWR)).value();
        int nb = (int) s.call(b, Calls.open(BY_ID, Abi.O_RDWR)).value();
        s.call(b, Calls.write(nb, "ATZ\r"));
        Outcome got = s.call(a, Calls.read(na, 64));
        s.check("a new open through either name works: " + Quote.string("ATZ\r") + " went from one name to the other",
                na >= 0 && nb >= 0 && got.data() != null && new String(got.data(), StandardCharsets.UTF_8).equals("ATZ\r"));
        for (Process p : new Process[] {getty, modem, mallory, admin}) {
            p.exit(0);
        }
    }
}
