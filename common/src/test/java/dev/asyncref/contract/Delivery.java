package dev.asyncref.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.Downstream;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * What held at the very moment an operation delivered its outcome, for the rules that say "before the outcome
 * is delivered" (R4.2, R7.3, R8.3, R9.1, R9.5, R10.3, R12.2, R12.3, R17.6). Looking after {@code resultOf}
 * returns proves less: an implementation that cleans up just after delivering passes whenever its clean-up wins
 * the race with the test's look.
 *
 * <p>The look runs in a {@code handle} callback registered on the returned stage, which runs on the thread
 * that completes the stage, as part of completing it; whatever that thread does next comes after the look.
 * The stage must still be pending when the watch starts (hold an answer at a gate until then): a look at an
 * outcome delivered earlier would be a look after the fact, and fails the test.
 *
 * @param <S> what the look records
 */
public final class Delivery<S> {

    /** The services as they stood: calls in flight, and the whole call log. */
    public record Services(int inFlight, List<CallEvent> log) {}

    private record Seen<S>(Object outcome, S state, boolean late) {}

    private final CompletionStage<Seen<S>> seen;

    private Delivery(CompletionStage<?> stage, Supplier<S> look) {
        Thread watching = Thread.currentThread();
        boolean[] registered = {false};
        seen = stage.handle((value, error) -> new Seen<>(error == null ? value : error, look.get(),
                Thread.currentThread() == watching && !registered[0]));
        registered[0] = true;
    }

    /** Watches {@code stage} and looks at the services as it delivers. */
    public static Delivery<Services> watch(CompletionStage<?> stage, Downstream downstream) {
        return watch(stage, () -> new Services(downstream.inFlight(), downstream.log()));
    }

    /** Watches {@code stage} and runs {@code look} as it delivers. */
    public static <S> Delivery<S> watch(CompletionStage<?> stage, Supplier<S> look) {
        return new Delivery<>(stage, look);
    }

    /** What the look saw as the outcome was delivered; waits for the outcome. */
    public S seen() {
        return delivered().state();
    }

    /** The delivered value, or the failure as {@link Outcomes#failureOf} sees it. */
    public Object outcome() {
        return delivered().outcome();
    }

    /** The delivered failure; fails the test if the stage delivered a value. */
    public Throwable failure() {
        assertThat(outcome()).as("the stage's outcome").isInstanceOf(Throwable.class);
        return (Throwable) outcome();
    }

    private Seen<S> delivered() {
        Seen<S> delivered = Outcomes.resultOf(seen);
        assertThat(delivered.late()).as("the outcome was delivered before the watch began: hold it at a gate until "
                + "the test watches it").isFalse();
        return delivered;
    }
}
