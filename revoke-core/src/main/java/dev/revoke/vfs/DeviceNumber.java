package dev.revoke.vfs;

/** A character device's major and minor: what makes two device nodes aliases of one device. */
public record DeviceNumber(int major, int minor) {
    @Override
    public String toString() {
        return major + ":" + minor;
    }
}
