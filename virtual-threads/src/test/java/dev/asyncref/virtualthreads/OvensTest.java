package dev.asyncref.virtualthreads;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A bake failing while the batch waits for its oven (R8.3): the oven it gives back must not start another bake.
 * The contract meets this order of events too, but the bake it would wrongly start is usually cancelled before
 * its thread makes the call; here the batch's answer is read directly.
 */
class OvensTest {

    private final Ovens ovens = new Ovens(1);

    @Test
    void theOvenAFailedBakeGivesBackToTheWaitingBatchStartsNoBake() throws Exception {
        assertThat(ovens.take()).as("the only oven, for the first bake").isTrue();
        Thread batch = Thread.currentThread();
        Thread failingBake = Thread.ofVirtual().start(() -> {
            // The batch waits only inside take(), for the oven this bake holds.
            while (batch.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
            try {
                ovens.givingBackTheOven(() -> {
                    throw new IllegalStateException("burnt");
                }).call();
            } catch (Exception expected) {
                // the bake's failure, which Ovens records before it gives the oven back
            }
        });

        assertThat(ovens.take()).as("another bake, once one failed").isFalse();
        failingBake.join();
        assertThat(ovens.failure()).hasMessage("burnt");
    }
}
