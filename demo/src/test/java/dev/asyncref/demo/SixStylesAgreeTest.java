package dev.asyncref.demo;

import static org.assertj.core.api.Assertions.fail;

import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The differential test: generated scenarios ({@link Scenarios}: operations with valid and invalid parameters,
 * valid and invalid orders, services that answer, fail, reject, fail once or never answer, a caller that waits
 * or cancels once a call hangs or during a pause), each played against all six styles on fresh services; every
 * style must observe the same normalised outcome ({@link ObservedOutcome}). On a difference the scenario is simplified
 * while the styles still disagree, and the simplest one is printed with each style's observation and the seed
 * that replays the run.
 *
 * <p>{@code -Ddifferential.scenarios=20000} runs a long search, {@code -Ddifferential.seed=<n>} another part
 * of the space; by default the same 300 scenarios run every time.
 */
class SixStylesAgreeTest {

    private static final int SCENARIOS = Integer.getInteger("differential.scenarios", 300);
    private static final long SEED = Long.getLong("differential.seed", 20261207L);

    @AutoClose
    private final Styles styles = new Styles();

    @Test
    void everyStyleObservesTheSameOutcome() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 1; i <= SCENARIOS; i++) {
            Scenario scenario = Scenarios.random(random);
            if (disagree(observe(scenario))) {
                Scenario simplest = simplest(scenario);
                fail("scenario %d of seed %d: the styles disagree on: %s%n%s", i, SEED, simplest,
                        eachStyle(observe(simplest)));
            }
        }
    }

    @Test
    void everyStyleStreamsTheSame() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int i = 1; i <= SCENARIOS / 3; i++) {
            StreamScenario scenario = StreamScenario.random(random);
            Map<String, StreamScenarioRun.Observed> byStyle = observe(style -> StreamScenarioRun.of(style, scenario));
            if (disagree(byStyle)) {
                fail("stream scenario %d of seed %d: the styles disagree on: %s%n%s", i, SEED, scenario,
                        eachStyle(byStyle));
            }
        }
    }

    private Map<String, ObservedOutcome> observe(Scenario scenario) {
        return observe(style -> ScenarioRun.of(style, scenario));
    }

    /** What each style observed, in the styles' order, each on fresh services. */
    private <O> Map<String, O> observe(Function<Function<Downstream, Pizzeria>, O> play) {
        Map<String, O> byStyle = new LinkedHashMap<>();
        styles.all().forEach(style -> byStyle.put(style.name(), play.apply(style.pizzeria())));
        return byStyle;
    }

    private static boolean disagree(Map<String, ?> byStyle) {
        return byStyle.values().stream().distinct().count() > 1;
    }

    private static String eachStyle(Map<String, ?> byStyle) {
        return byStyle.entrySet().stream().map(style -> "  " + style.getKey() + ": " + style.getValue())
                .collect(Collectors.joining("\n"));
    }

    /** Takes the first simpler variant on which the styles still disagree, until there is none. */
    private Scenario simplest(Scenario scenario) {
        Scenario simplest = scenario;
        boolean simplified = true;
        while (simplified) {
            simplified = false;
            for (Scenario variant : Scenarios.simpler(simplest)) {
                if (disagree(observe(variant))) {
                    simplest = variant;
                    simplified = true;
                    break;
                }
            }
        }
        return simplest;
    }
}
