package dev.revoke.device;

/**
 * Test hooks: where a test can hold a thread inside a method, or watch a
 * release happen. Called on the thread doing the work; the default does
 * nothing and costs one volatile read per method.
 */
interface Probe {
    Probe NONE = new Probe() {};

    /** A method has started on the file whose real descriptor is {@code realFd}. */
    default void entered(String method, int realFd) {}

    /** The method is about to return (still inside it: the gate has not yet stopped using). */
    default void left(String method, int realFd) {}

    /**
     * The file's release has closed both of its descriptors; {@code failure}
     * is what the release threw (a close that found its number already
     * closed, say), or null.
     */
    default void released(long fileId, int realFd, int wakeFd, Throwable failure) {}
}
