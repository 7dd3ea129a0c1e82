package dev.revoke.mechanism;

import java.util.List;

/**
 * What one revocation did. Every concurrent caller of
 * {@link Revokable#revokeIt()} gets the same report.
 *
 * @param released    files released by this revocation (those a racing close
 *                    released itself are not counted)
 * @param failures    exceptions thrown by {@code release} (each such file still
 *                    counts as released), and by the kick or a wait-queue entry
 *                    (the revocation went on regardless)
 * @param drainNanos  time from stopping new entries to the last method leaving
 * @param totalNanos  time from the start of the revocation to its end
 */
public record RevokeReport(int released, List<Throwable> failures, long drainNanos, long totalNanos) {
    public RevokeReport {
        failures = List.copyOf(failures);
    }

    public boolean clean() {
        return failures.isEmpty();
    }
}
