package dev.revoke.vfs;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Viro's point 7: every file method call goes through one gate. Any class
 * but {@link Gate} that calls a method of {@link FileOperations} (on the
 * interface or on an implementation) fails this test, so a new call site
 * cannot bypass start/stop using by accident. Other modules run the same
 * check over their own classes with {@link #check(String...)}.
 */
public class GateArchitectureTest {
    private static final Set<String> FILE_METHODS =
            Set.of("open", "read", "write", "llseek", "poll", "ioctl", "mmap", "fault", "fasync", "release");

    @Test
    void onlyTheGateCallsFileOperations() {
        check("dev.revoke");
    }

    /** Test classes: ArchUnit's own option knows test directories, not a module's published tests jar. */
    private static final Pattern TESTS_JAR = Pattern.compile(".*-tests\\.jar!/.*");

    /** Fails if a class in {@code packages} other than the gate calls a file method. */
    public static void check(String... packages) {
        JavaClasses classes = mainClasses(packages);
        noClasses().that().doNotHaveFullyQualifiedName(Gate.class.getName())
                .should().callMethodWhere(fileMethodCall())
                .because("every file method call must go through dev.revoke.vfs.Gate (start_using/stop_using)")
                .check(classes);
    }

    /** The main (not test) classes in {@code packages} on the class path: what {@link #check} checks. */
    public static JavaClasses mainClasses(String... packages) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.matches(TESTS_JAR))
                .importPackages(packages);
    }

    private static DescribedPredicate<JavaCall<?>> fileMethodCall() {
        return DescribedPredicate.describe("a FileOperations method", call ->
                FILE_METHODS.contains(call.getName())
                        && call.getTargetOwner().isAssignableTo(FileOperations.class));
    }
}
