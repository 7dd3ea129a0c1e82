package dev.revoke.revokefs.protocol;

/** A request that does not parse: the kernel and revokefs disagree about the protocol. Answered with EIO. */
public final class ProtocolException extends RuntimeException {
    public ProtocolException(String message) {
        super(message);
    }
}
