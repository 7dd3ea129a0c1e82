package dev.revoke.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import dev.revoke.vfs.GateArchitectureTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Viro's point 7 over the whole project: revoke-cli is the module that sees
 * every other one (revoke-core, panama-bindings, procfs-sim, revokefs,
 * tty-hangup, and itself), so the one-gate rule of revoke-core's
 * {@link GateArchitectureTest} is checked here over all of their main
 * classes at once: no class but the gate calls a FileOperations method.
 */
class AllModulesGateTest {
    /** One package of every module on this class path; the check is worthless if a module's classes went missing. */
    private static final List<String> MODULE_PACKAGES = List.of(
            "dev.revoke.panama",     // panama-bindings
            "dev.revoke.vfs",        // revoke-core
            "dev.revoke.procfs",     // procfs-sim
            "dev.revoke.revokefs",   // revokefs
            "dev.revoke.tty",        // tty-hangup
            "dev.revoke.cli");       // revoke-cli

    @Test
    void onlyTheGateCallsFileOperationsInAnyModule() {
        GateArchitectureTest.check("dev.revoke");
    }

    @Test
    void theCheckSeesEveryModule() {
        JavaClasses classes = GateArchitectureTest.mainClasses("dev.revoke");
        Set<String> packages = classes.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
        for (String p : MODULE_PACKAGES) {
            assertTrue(packages.contains(p), "no class of " + p + " on the class path; packages seen: " + packages);
        }
        assertTrue(classes.contain(dev.revoke.revokefs.RevokeFs.class));
        assertTrue(classes.contain(dev.revoke.vfs.Gate.class));
        assertTrue(!classes.contain(GateArchitectureTest.class), "test classes (revoke-core's tests jar) are left out");
    }
}
