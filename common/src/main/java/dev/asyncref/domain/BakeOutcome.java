package dev.asyncref.domain;

/** What became of one pizza of a batch baked collecting every outcome: baked, or failed with why. */
public sealed interface BakeOutcome {

    Pizza pizza();

    record Baked(BakedPizza baked) implements BakeOutcome {

        @Override
        public Pizza pizza() {
            return baked.pizza();
        }
    }

    record Failed(Pizza pizza, StepFailedException failure) implements BakeOutcome {}
}
