package dev.asyncref.reactive.rxjava.patterns;

import dev.asyncref.architecture.PatternsArchitecture;
import org.junit.jupiter.api.Test;

class PatternsArchitectureTest {

    @Test
    void thePatternsNeedTheJdkAndRxJavaAlone() {
        PatternsArchitecture.check("dev.asyncref.reactive.rxjava.patterns", "io.reactivex.rxjava3..",
                "org.reactivestreams..");
    }
}
