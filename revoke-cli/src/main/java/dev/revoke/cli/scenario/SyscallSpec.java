package dev.revoke.cli.scenario;

/**
 * A system call a scenario thread can make ({@code T: read fd 16}).
 * {@code bindName} is the name after {@code ->}, or null; most calls just
 * have their result bound to it, {@code fork} declares a process by it.
 */
public interface SyscallSpec {
    /** e.g. {@code read FD COUNT}. */
    String usage();

    CallTemplate parse(Args args, ParseScope scope, String bindName) throws ScenarioError;
}
