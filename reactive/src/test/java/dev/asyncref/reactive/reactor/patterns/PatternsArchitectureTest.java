package dev.asyncref.reactive.reactor.patterns;

import dev.asyncref.architecture.PatternsArchitecture;
import org.junit.jupiter.api.Test;

class PatternsArchitectureTest {

    @Test
    void thePatternsNeedTheJdkAndReactorAlone() {
        PatternsArchitecture.check("dev.asyncref.reactive.reactor.patterns", "reactor..", "org.reactivestreams..");
    }
}
