package dev.revoke.cli.scenario;

import dev.revoke.vfs.DeviceNumber;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the parser knows at a given line: the processes, threads and names
 * declared so far, which threads are in a background call, which device
 * numbers have which driver. It is what lets a malformed file fail before
 * anything runs, with the line to blame.
 */
public final class ParseScope {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    /** Words an expectation gives a meaning of its own. */
    static final Set<String> RESERVED = Set.of("LAST", "data", "released", "as", "text");

    final ScenarioLanguage language;
    final Map<String, Integer> processes = new HashMap<>();
    /** Thread name to process name; each process's main thread has the process's name. */
    final Map<String, String> threads = new HashMap<>();
    final Set<String> bindings = new HashSet<>();
    /** Names of pty pairs made with {@code pty NAME for PROC}; each is also bound (to the master's descriptor). */
    final Set<String> ptys = new HashSet<>();
    /** Thread name to the line of its background call, until it is waited for. */
    final Map<String, Integer> busy = new HashMap<>();
    final Map<DeviceNumber, String> deviceKinds = new HashMap<>();
    int line;

    ParseScope(ScenarioLanguage language) {
        this.language = language;
    }

    public int line() {
        return line;
    }

    /** Declares a process and its main thread. */
    public void declareProcess(String name) throws ScenarioError {
        checkFresh(name);
        processes.put(name, line);
        threads.put(name, name);
    }

    public void declareThread(String name, String process) throws ScenarioError {
        checkFresh(name);
        threads.put(name, process);
    }

    public void requireProcess(String name) throws ScenarioError {
        if (!processes.containsKey(name)) {
            throw new ScenarioError("unknown process '" + name + "' (declare it with `process " + name + "`)");
        }
    }

    public void requireThread(String name) throws ScenarioError {
        if (!threads.containsKey(name)) {
            throw new ScenarioError("unknown thread '" + name + "' (declare it with `process " + name
                    + "` or `thread " + name + " as PROC`)");
        }
    }

    public boolean isThread(String name) {
        return threads.containsKey(name);
    }

    public boolean isProcess(String name) {
        return processes.containsKey(name);
    }

    public boolean isBound(String name) {
        return bindings.contains(name);
    }

    public void bind(String name) throws ScenarioError {
        checkName(name);
        if (processes.containsKey(name) || threads.containsKey(name)) {
            throw new ScenarioError("'" + name + "' already names a process or thread");
        }
        bindings.add(name);
    }

    /** Declares a pty pair: NAME is bound to the master's descriptor and names the terminal. */
    public void declarePty(String name) throws ScenarioError {
        if (bindings.contains(name)) {
            throw new ScenarioError("'" + name + "' is already declared");
        }
        bind(name);
        ptys.add(name);
    }

    public boolean isPty(String name) {
        return ptys.contains(name);
    }

    public void requirePty(String name) throws ScenarioError {
        if (!ptys.contains(name)) {
            throw new ScenarioError("unknown pty '" + name + "' (make one with `pty " + name + " for PROC`, or give a path)");
        }
    }

    public static void checkName(String name) throws ScenarioError {
        if (!NAME.matcher(name).matches()) {
            throw new ScenarioError("bad name '" + name + "': letters, digits, _ and -, not starting with a digit");
        }
        if (RESERVED.contains(name)) {
            throw new ScenarioError("'" + name + "' is a reserved word");
        }
    }

    private void checkFresh(String name) throws ScenarioError {
        checkName(name);
        if (threads.containsKey(name) || processes.containsKey(name) || bindings.contains(name)) {
            throw new ScenarioError("'" + name + "' is already declared");
        }
    }
}
