package dev.revoke.cli.terminal;

import dev.revoke.cli.emulation.Timeline;
import dev.revoke.cli.holders.Holder;
import dev.revoke.cli.holders.HolderScan;
import dev.revoke.cli.text.JsonText;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The two faces of {@link PathResult}s: lines for people (results on
 * stdout, errors on stderr as {@code revoke: PATH: reason}) and one JSON
 * document for programs (on stdout; errors still go to stderr too). Both
 * routes, terminals (hung up) and files inside revokefs mounts (revoked by
 * the daemon), report the same way.
 */
public final class Reports {
    private Reports() {
    }

    public static void text(PathResult r, PrintWriter out, PrintWriter err) {
        if (r.route() == PathResult.Route.REVOKEFS) {
            revokeFsText(r, out, err);
            return;
        }
        switch (r.status()) {
            case FAILED, REFUSED -> err.println(r.errorLine());
            case WOULD_REVOKE -> {
                out.println(r.path() + ": " + what(r) + (r.holders() == null ? "" : ", " + heldBy(r.holders())));
                holderTable(r.holders(), out);
                out.println(r.path() + ": would be revoked (dry run): hung up with TIOCVHANGUP, so that "
                        + descriptors(r.holders()) + " read end-of-file and fail writes with EIO");
            }
            case REVOKED -> {
                out.println(r.path() + ": " + what(r) + (r.holders() == null ? "" : ", " + heldBy(r.holders())));
                holderTable(r.holders(), out);
                out.println(r.path() + ": revoked: hung up with TIOCVHANGUP in " + Timeline.millis(r.nanos()) + "; "
                        + descriptors(r.holders()) + " now read end-of-file and fail writes with EIO"
                        + "; the leader of a session it controlled, if any, got SIGHUP");
            }
        }
    }

    /** A file inside a revokefs mount: revoked by the daemon serving it. */
    private static void revokeFsText(PathResult r, PrintWriter out, PrintWriter err) {
        switch (r.status()) {
            case FAILED, REFUSED -> err.println(r.errorLine());
            case WOULD_REVOKE -> {
                out.println(r.path() + ": " + revokeFsWhat(r) + (r.holders() == null ? "" : ", " + heldBy(r.holders())));
                holderTable(r.holders(), out);
                out.println(r.path() + ": would be revoked (dry run): through revokefs (setxattr user.revoke), so that "
                        + descriptors(r.holders()) + " fail reads and writes with EIO");
            }
            case REVOKED -> {
                out.println(r.path() + ": " + revokeFsWhat(r) + (r.holders() == null ? "" : ", " + heldBy(r.holders())));
                holderTable(r.holders(), out);
                out.println(r.path() + ": revoked through revokefs in " + Timeline.millis(r.nanos()) + "; "
                        + descriptors(r.holders()) + " now fail reads and writes with EIO"
                        + " (reads asleep in it returned at once); every open file of it was released");
            }
        }
    }

    /** {@code regular file on revokefs (mounted at /mnt/r)} */
    static String revokeFsWhat(PathResult r) {
        String type = r.identity() == null ? "file" : r.identity().typeName();
        return type + " on revokefs" + (r.mount() == null ? "" : " (mounted at " + r.mount() + ")");
    }

    /** {@code terminal 136:3 (pty_slave)} */
    static String what(PathResult r) {
        String d = r.identity() == null ? "" : " " + r.identity().deviceNumber();
        return "terminal" + d + (r.driver() == null ? "" : " (" + r.driver() + ")");
    }

    public static String heldBy(HolderScan.Result h) {
        String s = h.holders().isEmpty() ? "held by no process"
                : "held by " + plural(h.holders().size(), "process", "processes") + " (" + plural(h.descriptors(), "descriptor", "descriptors") + ")";
        return h.unreadable() > 0 ? s + "; " + h.unreadable() + " processes could not be inspected (not root)" : s;
    }

    private static String descriptors(HolderScan.Result h) {
        if (h == null) {
            return "its open descriptors";
        }
        return h.descriptors() == 0 ? "any descriptors opened so far" : plural(h.descriptors(), "descriptor", "descriptors")
                + " in " + plural(h.holders().size(), "process", "processes");
    }

    /** {@code PID COMMAND FD} rows, fuser-like. */
    public static void holderTable(HolderScan.Result h, PrintWriter out) {
        if (h == null || h.holders().isEmpty()) {
            return;
        }
        out.printf("  %7s  %-16s %s%n", "PID", "COMMAND", "FD");
        for (Holder x : h.holders()) {
            out.printf("  %7d  %-16s %s%n", x.pid(), x.comm(),
                    x.fds().stream().map(String::valueOf).collect(Collectors.joining(",")));
        }
    }

    private static String plural(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** The JSON document of a whole run. */
    public static String json(String command, boolean dryRun, List<PathResult> results, int exitCode) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", command);
        doc.put("dryRun", dryRun);
        doc.put("exitCode", exitCode);
        List<Object> rs = new ArrayList<>();
        for (PathResult r : results) {
            rs.add(json(r));
        }
        doc.put("results", rs);
        return JsonText.of(doc);
    }

    static Map<String, Object> json(PathResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", r.path());
        m.put("type", r.identity() == null ? null : r.identity().typeName());
        m.put("device", r.identity() == null || !(r.identity().isCharDevice() || r.identity().isBlockDevice())
                ? null : r.identity().deviceNumber());
        m.put("driver", r.driver());
        m.put("mount", r.mount());
        m.put("holders", holders(r.holders()));
        m.put("holdersComplete", r.holders() == null ? null : r.holders().unreadable() == 0);
        m.put("action", r.action());
        m.put("result", switch (r.status()) {
            case REVOKED -> "revoked";
            case WOULD_REVOKE -> "would-revoke";
            case REFUSED -> "refused";
            case FAILED -> "failed";
        });
        m.put("errno", r.errno() == null ? null : r.errno().name());
        m.put("message", r.reason());
        m.put("elapsedMs", r.status() == PathResult.Status.REVOKED ? Math.round(r.nanos() / 1e3) / 1e3 : null);
        m.put("exitCode", r.exitCode());
        return m;
    }

    public static List<Object> holders(HolderScan.Result h) {
        if (h == null) {
            return null;
        }
        List<Object> out = new ArrayList<>();
        for (Holder x : h.holders()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pid", x.pid());
            m.put("comm", x.comm());
            m.put("fds", x.fds());
            out.add(m);
        }
        return out;
    }
}
