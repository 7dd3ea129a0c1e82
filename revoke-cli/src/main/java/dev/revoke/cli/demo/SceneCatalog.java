package dev.revoke.cli.demo;

import java.util.List;
import java.util.Optional;

/**
 * The scenes of {@code revoke demo}, in the order they are told.
 *
 * <p>Plug-in point for the tty layer: its scene (a logged-in session's tty
 * hung up: the shell's read returns 0 and SIGHUP is delivered) goes second,
 * between {@link ProcRemovalScene} and {@link DeviceAliasScene}.
 */
public final class SceneCatalog {
    private SceneCatalog() {
    }

    public static List<Scene> all() {
        return List.of(
                new ProcRemovalScene(),
                // tty layer: new TtySessionHangupScene(),
                new DeviceAliasScene(),
                new RealPtyScene());
    }

    public static Optional<Scene> named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
