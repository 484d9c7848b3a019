package dev.asyncref.virtualthreads.structured.patterns;

import dev.asyncref.architecture.PatternsArchitecture;
import org.junit.jupiter.api.Test;

class PatternsArchitectureTest {

    private static final String PATTERNS = "dev.asyncref.virtualthreads.structured.patterns";

    @Test
    void thePatternsNeedTheJdkAlone() {
        PatternsArchitecture.check(PATTERNS);
    }
}
