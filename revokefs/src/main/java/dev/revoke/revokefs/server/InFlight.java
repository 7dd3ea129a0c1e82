package dev.revoke.revokefs.server;

/**
 * One request being served, for FUSE_INTERRUPT. The interrupt and the end
 * of the request are ordered by this object's lock: an interrupt reaches
 * the serving thread only while the request runs, and the thread's
 * interrupt status is cleared when it ends, so it cannot leak into a later
 * request (virtual threads serve one request each anyway).
 */
final class InFlight {
    final long unique;
    final int opcode;
    private Thread thread;
    private boolean interrupted;
    private boolean finished;

    InFlight(long unique, int opcode) {
        this.unique = unique;
        this.opcode = opcode;
    }

    /** Binds the serving thread; false if the request was interrupted before it started. */
    synchronized boolean begin() {
        if (interrupted) {
            finished = true;
            return false;
        }
        thread = Thread.currentThread();
        return true;
    }

    synchronized void end() {
        finished = true;
        thread = null;
        Thread.interrupted();
    }

    /** Interrupts the request if it has not finished; false if it had. */
    synchronized boolean interrupt() {
        if (finished) {
            return false;
        }
        interrupted = true;
        if (thread != null) {
            thread.interrupt();
        }
        return true;
    }
}
