package dev.asyncref.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule every style's {@code patterns} package keeps: a reader copies one of its files into their own project
 * with the style's library and nothing else, so it may depend on the JDK, that library and its own package only:
 * never on the pizzeria's domain, services or context, nor on another style. Checked on the compiled classes, so
 * that a fully qualified name or a lambda's type counts as much as an import.
 */
public final class PatternsArchitecture {

    private PatternsArchitecture() {}

    /**
     * Fails, naming each offending dependency, unless every class of {@code patternsPackage} depends only on
     * the JDK, {@code libraryPackages} (ArchUnit's package patterns, {@code "reactor.."}) and its own package.
     * Fails too if the package holds no class, so that a renamed package cannot pass unchecked.
     */
    public static void check(String patternsPackage, String... libraryPackages) {
        JavaClasses patterns = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(patternsPackage);
        List<String> allowed = new ArrayList<>(List.of("java..", patternsPackage));
        allowed.addAll(List.of(libraryPackages));
        classes().that().resideInAPackage(patternsPackage)
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new))
                .because("a pattern is copied with its style's library alone")
                .check(patterns);
    }
}
