package dev.revoke.cli.demo;

/**
 * One narrated story of {@code revoke demo}. A scene builds its own
 * emulated system, acts it out through {@link Stage} (whose actors print
 * the timeline) and checks what must hold, so a broken mechanism makes the
 * demo fail rather than tell a false story.
 *
 * <p>To add a scene, write a class implementing this and add it to
 * {@link SceneCatalog}.
 */
public interface Scene {
    /** Short name for {@code --scene}, e.g. {@code proc-removal}. */
    String name();

    /** One line saying what the scene shows. */
    String title();

    void play(Stage stage) throws Exception;
}
