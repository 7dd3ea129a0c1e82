package dev.revoke.cli.demo;

import java.util.List;
import java.util.Optional;

/**
 * The scenes of {@code revoke demo}, in the order they are told: a /proc
 * entry removed, a logged-in session's tty hung up (the tty layer), a
 * device revoked through one of its names, a real pty.
 */
public final class SceneCatalog {
    private SceneCatalog() {
    }

    public static List<Scene> all() {
        return List.of(
                new ProcRemovalScene(),
                new TtyHangupScene(),
                new DeviceAliasScene(),
                new RealPtyScene());
    }

    public static Optional<Scene> named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
