package dev.revoke.revokefs.server;

import dev.revoke.revokefs.protocol.Reply;
import dev.revoke.revokefs.protocol.Request;

/**
 * A filesystem behind a {@link Session}. The session does the protocol's
 * own requests (INIT, INTERRUPT, DESTROY) and parses FORGET; everything
 * else comes here, each request on a thread of its own, so a handler may
 * block (a read of /proc/kmsg) without holding up the others.
 *
 * <p>A handler that sleeps must wake on {@link Thread#interrupt()}: that is
 * how a FUSE_INTERRUPT (the calling process got a signal) reaches it. It
 * then answers {@code -EINTR}, or whatever it had finished with.
 */
public interface RequestHandler {
    /** Called once the INIT exchange is done, with what was agreed. */
    default void initialized(Session.Agreement agreement, Channel channel) {
    }

    Reply handle(Request request);

    /** FORGET / BATCH_FORGET: the kernel dropped {@code lookups} references to {@code nodeId}. */
    void forget(long nodeId, long lookups);

    /** The session ended (unmount, abort, or stop): in-flight requests have been interrupted. */
    default void ended() {
    }
}
