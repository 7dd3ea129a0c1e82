package dev.revoke.tty;

import dev.revoke.mechanism.RevokeReport;

import java.util.List;

/**
 * What one hangup did. Every caller that asked for the same hangup (a
 * second vhangup while the first runs, say) gets the same report.
 *
 * @param tty          the tty's name, e.g. {@code pts/0}
 * @param generation   the generation hung up (1 for a tty's first life)
 * @param filesHungUp  files the revocation released; console files are not among them
 * @param signalled    pids of the session leaders sent SIGHUP then SIGCONT
 * @param consoleHeld  a console file held the tty: the driver got one close per
 *                     hung-up file instead of a hangup, and a fresh line discipline
 *                     took over at once
 * @param revocation   the mechanism's report (drain and total times, release failures)
 */
public record HangupReport(String tty, int generation, int filesHungUp, List<Integer> signalled, boolean consoleHeld,
                           RevokeReport revocation) {
    public HangupReport {
        signalled = List.copyOf(signalled);
    }
}
