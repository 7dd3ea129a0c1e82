package dev.revoke.mechanism;

/** What an open file does on its last close or on revocation: {@code ->release()}. */
@FunctionalInterface
public interface Releasable {
    void release() throws Exception;
}
