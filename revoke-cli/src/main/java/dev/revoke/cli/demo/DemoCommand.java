package dev.revoke.cli.demo;

import dev.revoke.cli.ExitCodes;
import dev.revoke.cli.VersionProvider;
import dev.revoke.cli.emulation.Timeline;
import dev.revoke.cli.emulation.WarmUp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code revoke demo}: boots the emulated kernel and tells the scenes of
 * {@link SceneCatalog}, each with its own timeline and checks. Needs no
 * root (the one real hangup says why it is skipped without it) and takes
 * a second or two.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Walk through narrated scenes of revocation in the emulated kernel: a /proc entry removed under a "
                + "sleeping reader, a logged-in session's tty hung up, a device revoked through one of its names, a real pty hung up.",
                "Each line: time since the scene began, who acted, the call and what it returned."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every scene's checks held", "1:a check failed, or a call hung", "2:usage error (unknown scene)"})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scene", paramLabel = "NAME", description = "Play only this scene (repeatable); see --list.")
    List<String> only = new ArrayList<>();

    @Option(names = "--list", description = "List the scenes and exit.")
    boolean list;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Scene> all = SceneCatalog.all();
        if (list) {
            for (Scene s : all) {
                out.printf("%-16s %s%n", s.name(), s.title());
            }
            return ExitCodes.OK;
        }
        List<Scene> scenes = new ArrayList<>();
        for (String name : only) {
            Optional<Scene> s = SceneCatalog.named(name);
            if (s.isEmpty()) {
                err.println("revoke demo: no scene '" + name + "' (see 'revoke demo --list')");
                return ExitCodes.USAGE;
            }
            scenes.add(s.get());
        }
        if (scenes.isEmpty()) {
            scenes = all;
        }
        return play(scenes, out);
    }

    private static int play(List<Scene> scenes, PrintWriter out) {
        long start = System.nanoTime();
        WarmUp.run();
        out.println("revoke demo: Al Viro's revoke(2) design at work in an emulated kernel.");
        out.println("Each line: time since the scene began, who acted (process[pid]), the call and what it returned.");
        int checks = 0;
        int failures = 0;
        for (int i = 0; i < scenes.size(); i++) {
            Scene scene = scenes.get(i);
            out.println();
            out.println("== " + (i + 1) + "/" + scenes.size() + " " + scene.name() + ": " + scene.title() + " ==");
            Timeline timeline = new Timeline(out);
            try (Stage stage = new Stage(timeline)) {
                try {
                    scene.play(stage);
                } catch (Stage.SceneFailed e) {
                    stage.check("the scene ran to its end (" + e.getMessage() + ")", false);
                } catch (Exception e) {
                    stage.check("the scene ran to its end (" + e + ")", false);
                }
                checks += stage.checks();
                failures += stage.failures();
            }
        }
        out.println();
        out.printf("demo: %d %s, %d checks, %s (%s)%n", scenes.size(), scenes.size() == 1 ? "scene" : "scenes", checks,
                failures == 0 ? "all held" : failures + " FAILED", Timeline.millis(System.nanoTime() - start));
        return failures == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
