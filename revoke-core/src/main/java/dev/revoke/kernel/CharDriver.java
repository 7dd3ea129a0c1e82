package dev.revoke.kernel;

import dev.revoke.mechanism.Kick;
import dev.revoke.mechanism.RevokeReport;
import dev.revoke.vfs.FileOperations;

/**
 * A character device driver: the methods of the files opened on its
 * devices, and what {@code revoke(2)} of one of them does.
 */
public interface CharDriver {
    /**
     * The methods for files opened on {@code device}. Their {@code open}
     * must end with {@link CharDevice#attach}, which ties the file to the
     * device's current generation.
     */
    FileOperations operations(CharDevice device);

    /** Wakes sleepers that do not sleep on the generation's wait queue; null if there are none. */
    default Kick kick(CharDevice device) {
        return null;
    }

    /**
     * {@code revoke(2)} on a node of this device. The default is FreeBSD's:
     * every file opened so far goes dead, new opens get a fresh generation.
     * A tty driver hangs the tty up instead.
     */
    default RevokeReport revoke(CharDevice device) {
        return device.newGeneration();
    }
}
