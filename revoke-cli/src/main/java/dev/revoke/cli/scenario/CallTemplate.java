package dev.revoke.cli.scenario;

import dev.revoke.cli.emulation.Call;

/** A parsed system call whose names ({@code fd1}) are resolved when it runs. */
@FunctionalInterface
public interface CallTemplate {
    Call bind(World w);
}
