package dev.asyncref.virtualthreads;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * What {@link BlockingSteps} adds that no operation of the pizzeria reaches: none of its steps throws a checked
 * exception but {@link InterruptedException}, and none of its forks is interrupted by anything but its pattern.
 */
class BlockingStepsTest {

    @Test
    void aStepsCheckedFailureIsThrownUncheckedWithItsCause() {
        InterruptedException cutOff = new InterruptedException("interrupted from outside its pattern");

        RuntimeException thrown = BlockingSteps.unchecked(new ExecutionException(cutOff));

        assertThat(thrown).isInstanceOf(IllegalStateException.class)
                .hasMessage("a step failed with a checked exception").hasCause(cutOff);
    }
}
