package dev.asyncref.downstream;

import static dev.asyncref.contract.Outcomes.eventually;
import static dev.asyncref.contract.Outcomes.failureOf;
import static dev.asyncref.downstream.CallEvent.Kind.CANCELLED;
import static dev.asyncref.downstream.CallEvent.Kind.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.Pizza;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The blocking face: the same call as the callback face, waited for by the caller. */
class BlockingFaceTest {

    private static final Pizza MARGHERITA = Pizza.of("margherita");
    private static final Pizza DIAVOLA = Pizza.of("diavola");

    private final Downstream downstream = Downstream.start();
    private final KitchenService kitchen = downstream.kitchen();

    @AfterEach
    void closeDownstream() {
        downstream.close();
    }

    @Test
    void returnsTheAnswer() throws InterruptedException {
        BakedPizza baked = kitchen.bake(MARGHERITA);

        assertThat(baked.pizza()).isEqualTo(MARGHERITA);
    }

    @Test
    void throwsTheScriptedExceptionItselfNeverAWrapper() {
        DownstreamException outOfDough = new DownstreamException("kitchen", "out of dough for diavola");
        kitchen.failWhen(DIAVOLA::equals, pizza -> outOfDough);

        assertThatThrownBy(() -> kitchen.bake(DIAVOLA)).isSameAs(outOfDough);
    }

    @Test
    void interruptingTheWaitingCallerCancelsTheCall() {
        kitchen.hold();
        CompletableFuture<BakedPizza> baked = new CompletableFuture<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                baked.complete(kitchen.bake(MARGHERITA));
            } catch (InterruptedException | RuntimeException e) {
                baked.completeExceptionally(e);
            }
        });
        eventually().until(() -> kitchen.waiting() == 1);

        caller.interrupt();

        assertThat(failureOf(baked)).isInstanceOf(InterruptedException.class);
        assertThat(kitchen.inFlight()).isZero();
        String callerName = "virtual-" + caller.threadId();
        assertThat(kitchen.log()).extracting(CallEvent::kind, CallEvent::thread)
                .containsExactly(tuple(STARTED, callerName), tuple(CANCELLED, callerName));
    }

    @Test
    void anAlreadyInterruptedCallerStartsNoCall() {
        Thread.currentThread().interrupt();

        assertThatThrownBy(() -> kitchen.bake(MARGHERITA)).isInstanceOf(InterruptedException.class);
        assertThat(Thread.interrupted()).as("the interrupt is consumed, as by Thread.sleep").isFalse();
        assertThat(kitchen.calls()).isZero();
    }
}
