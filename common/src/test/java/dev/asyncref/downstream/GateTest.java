package dev.asyncref.downstream;

import static dev.asyncref.contract.Outcomes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Pizza;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gate holds answers back until the test lets them go. */
class GateTest {

    private static final Pizza MARGHERITA = Pizza.of("margherita");
    private static final Pizza DIAVOLA = Pizza.of("diavola");

    // One downstream thread answers released calls in the order they were released.
    private final Downstream downstream = Downstream.start(Downstream.Settings.defaults().withThreads(1));
    private final KitchenService kitchen = downstream.kitchen();
    private final Callback<BakedPizza> margherita = mock();
    private final Callback<BakedPizza> diavola = mock();

    @AfterEach
    void closeDownstream() {
        downstream.close();
    }

    @Test
    void holdingKeepsAnsweredCallsWaitingAndInFlight() {
        kitchen.hold();

        kitchen.bake(MARGHERITA, margherita);
        kitchen.bake(DIAVOLA, diavola);

        eventually().until(() -> kitchen.waiting() == 2);
        assertThat(kitchen.inFlight()).isEqualTo(2);
        verifyNoInteractions(margherita, diavola);
    }

    @Test
    void releaseAnswersOnlyTheMatchingCallsAndCountsThem() {
        kitchen.hold();
        kitchen.bake(MARGHERITA, margherita);
        kitchen.bake(DIAVOLA, diavola);
        eventually().until(() -> kitchen.waiting() == 2);

        assertThat(kitchen.release(DIAVOLA::equals)).isOne();

        eventually().untilAsserted(() -> verify(diavola).onSuccess(any()));
        assertThat(kitchen.waiting()).isOne();
        verifyNoInteractions(margherita);
    }

    @Test
    void releaseCallAnswersOnlyTheCallWithThatNumberEvenWhenRequestsAreAlike() {
        kitchen.hold();
        kitchen.bake(MARGHERITA, margherita);
        kitchen.bake(MARGHERITA, diavola);
        eventually().until(() -> kitchen.waiting() == 2);

        assertThat(kitchen.releaseCall(2)).isTrue();

        eventually().untilAsserted(() -> verify(diavola).onSuccess(any()));
        verifyNoInteractions(margherita);
        assertThat(kitchen.releaseCall(2)).as("no longer waiting").isFalse();
    }

    @Test
    void theGateStaysClosedForCallsMadeAfterARelease() {
        kitchen.hold();
        kitchen.bake(MARGHERITA, margherita);
        eventually().until(() -> kitchen.waiting() == 1);
        kitchen.release(pizza -> true);

        kitchen.bake(DIAVOLA, diavola);

        eventually().until(() -> kitchen.waiting() == 1);
        verifyNoInteractions(diavola);
    }

    @Test
    void openAnswersEveryWaitingCallAndLetsLaterCallsStraightThrough() {
        kitchen.hold();
        kitchen.bake(MARGHERITA, margherita);
        eventually().until(() -> kitchen.waiting() == 1);

        kitchen.open();
        kitchen.bake(DIAVOLA, diavola);

        eventually().untilAsserted(() -> {
            verify(margherita).onSuccess(any());
            verify(diavola).onSuccess(any());
        });
        assertThat(kitchen.waiting()).isZero();
    }

    @Test
    void aCancelledCallStopsWaitingAndIsNotAnsweredOnOpen() {
        kitchen.hold();
        Cancellable cancelled = kitchen.bake(MARGHERITA, margherita);
        kitchen.bake(DIAVOLA, diavola);
        eventually().until(() -> kitchen.waiting() == 2);

        cancelled.cancel();

        assertThat(kitchen.waiting()).isOne();
        kitchen.open();
        // The cancelled call was released first, so once the other is answered its turn has passed.
        eventually().untilAsserted(() -> verify(diavola).onSuccess(any()));
        verifyNoInteractions(margherita);
    }

    @Test
    void releaseCountsOnlyCallsStillPending() {
        kitchen.hold();
        Cancellable cancelled = kitchen.bake(MARGHERITA, margherita);
        kitchen.bake(DIAVOLA, diavola);
        eventually().until(() -> kitchen.waiting() == 2);
        cancelled.cancel();

        assertThat(kitchen.release(pizza -> true)).isOne();

        eventually().untilAsserted(() -> verify(diavola).onSuccess(any()));
        verifyNoInteractions(margherita);
    }
}
