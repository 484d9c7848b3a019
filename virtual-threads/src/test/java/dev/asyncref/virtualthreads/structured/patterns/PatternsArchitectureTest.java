package dev.asyncref.virtualthreads.structured.patterns;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.asyncref.architecture.PatternsArchitecture;
import java.util.concurrent.StructuredTaskScope;
import org.junit.jupiter.api.Test;

class PatternsArchitectureTest {

    private static final String PATTERNS = "dev.asyncref.virtualthreads.structured.patterns";

    @Test
    void thePatternsNeedTheJdkAlone() {
        PatternsArchitecture.check(PATTERNS);
    }

    @Test
    void noOtherCodeOfTheModuleUsesThePreviewApi() {
        noClasses().that().resideOutsideOfPackage(PATTERNS)
                .should().dependOnClassesThat().belongToAnyOf(StructuredTaskScope.class)
                .because("StructuredTaskScope is a preview API that changes again in JDK 26: one package to update")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.asyncref.virtualthreads"));
    }
}
