package dev.revoke.cli.scenario;

import dev.revoke.chardev.FifoDevice;
import dev.revoke.chardev.NullDevice;
import dev.revoke.kernel.CharDriver;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The vocabulary of scenario files, as three registries: top-level
 * directives ({@code process}, {@code device}, {@code expect}...), the
 * system calls a thread can make ({@code T: read fd 16}), and the device
 * kinds {@code device} can create ({@code fifo}, {@code null}).
 * {@link #standard()} installs the built-in ones and the tty layer's
 * ({@link TtyCommands}: {@code pty}, {@code login}, {@code hangup},
 * {@code setsid}, {@code vhangup}, {@code tcgetattr}...).
 */
public final class ScenarioLanguage {
    private final Map<String, Directive> directives = new TreeMap<>();
    private final Map<String, SyscallSpec> syscalls = new TreeMap<>();
    private final Map<String, Supplier<? extends CharDriver>> deviceKinds = new TreeMap<>();

    /** Everything built in. */
    public static ScenarioLanguage standard() {
        ScenarioLanguage l = new ScenarioLanguage();
        BuiltinDirectives.install(l);
        BuiltinSyscalls.install(l);
        l.deviceKind("fifo", FifoDevice::new);
        l.deviceKind("null", NullDevice::new);
        TtyCommands.install(l);
        return l;
    }

    public ScenarioLanguage directive(String keyword, Directive d) {
        directives.put(keyword, d);
        return this;
    }

    public ScenarioLanguage syscall(String name, SyscallSpec s) {
        syscalls.put(name, s);
        return this;
    }

    public ScenarioLanguage deviceKind(String name, Supplier<? extends CharDriver> driver) {
        deviceKinds.put(name, driver);
        return this;
    }

    Directive directive(String keyword) {
        return directives.get(keyword);
    }

    SyscallSpec syscall(String name) {
        return syscalls.get(name);
    }

    Supplier<? extends CharDriver> deviceKind(String name) {
        return deviceKinds.get(name);
    }

    public Map<String, Directive> directives() {
        return Map.copyOf(directives);
    }

    public Map<String, SyscallSpec> syscalls() {
        return Map.copyOf(syscalls);
    }

    public Set<String> deviceKinds() {
        return java.util.Collections.unmodifiableSet(new java.util.TreeSet<>(deviceKinds.keySet()));
    }

    String directiveNames() {
        return String.join(", ", directives.keySet());
    }

    String syscallNames() {
        return String.join(", ", syscalls.keySet());
    }
}
