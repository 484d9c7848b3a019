package dev.asyncref.callbacks.patterns;

import dev.asyncref.architecture.PatternsArchitecture;
import org.junit.jupiter.api.Test;

class PatternsArchitectureTest {

    @Test
    void thePatternsNeedTheJdkAlone() {
        PatternsArchitecture.check("dev.asyncref.callbacks.patterns");
    }
}
