package dev.revoke.kernel;

import dev.revoke.chardev.FifoDevice;
import dev.revoke.vfs.DeviceNumber;

/** A booted kernel with a FIFO device under two names and a few plain files, for the syscall tests. */
final class TestSystem {
    static final DeviceNumber FIFO = new DeviceNumber(240, 0);
    static final int ALICE = 1000;
    static final int BOB = 1001;

    final Kernel kernel = new Kernel();
    final CharDevice fifo = kernel.registerCharDevice(FIFO, new FifoDevice());

    TestSystem() {
        check(kernel.mknod("/dev/ttyF0", 0666, ALICE, FIFO));
        check(kernel.mknod("/dev/fifo-alias", 0666, ALICE, FIFO));
        check(kernel.mknod("/dev/nodriver", 0666, 0, new DeviceNumber(241, 0)));
        kernel.rootDirectory().mkdir("etc", 0755, 0).createFile("motd", 0644, 0, "hello, world\n");
        kernel.rootDirectory().mkdir("secret", 0700, 0).createFile("key", 0600, 0, "k");
    }

    private static void check(int r) {
        if (r != 0) {
            throw new AssertionError("setup failed: " + r);
        }
    }
}
