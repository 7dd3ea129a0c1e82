package dev.revoke.cli.holders;

import dev.revoke.cli.ExitCodes;
import dev.revoke.cli.terminal.IoErrno;
import dev.revoke.cli.terminal.Reports;
import dev.revoke.cli.text.JsonText;
import dev.revoke.panama.Errno;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code revoke holders PATH...}: who holds each path open, and nothing
 * more. Works for any file, not just terminals, because answering "who is
 * using this?" before deciding to revoke is useful on its own.
 */
@Command(name = "holders", mixinStandardHelpOptions = true, versionProvider = dev.revoke.cli.VersionProvider.class,
        description = "List the processes holding PATH open (pid, command, descriptors), as fuser does.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every PATH was scanned", "1:some PATH could not be stat'ed", "2:usage error"})
public final class HoldersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or devices to look for.")
    List<String> paths;

    @Option(names = "--json", description = "Print one JSON report on stdout.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HolderScan scan = new HolderScan();
        int exit = ExitCodes.OK;
        List<Object> results = new ArrayList<>();
        for (String path : paths) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", path);
            FileIdentity id;
            try {
                id = FileIdentity.of(Path.of(path));
            } catch (IOException e) {
                Errno errno = IoErrno.ofPath(path, e);
                err.println("revoke: " + path + ": " + errno.description());
                m.put("errno", errno.name());
                results.add(m);
                exit = ExitCodes.worst(exit, ExitCodes.FAILED);
                continue;
            }
            HolderScan.Result h = scan.holdersOf(id);
            m.put("type", id.typeName());
            m.put("device", id.isCharDevice() || id.isBlockDevice() ? id.deviceNumber() : null);
            m.put("holders", Reports.holders(h));
            m.put("holdersComplete", h.unreadable() == 0);
            results.add(m);
            if (!json) {
                String what = id.isCharDevice() || id.isBlockDevice() ? id.typeName() + " " + id.deviceNumber() : id.typeName();
                out.println(path + ": " + what + ", " + Reports.heldBy(h));
                Reports.holderTable(h, out);
            }
        }
        if (json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("command", "holders");
            doc.put("exitCode", exit);
            doc.put("results", results);
            out.println(JsonText.of(doc));
        }
        return exit;
    }
}
