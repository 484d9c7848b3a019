package dev.asyncref.benchmarks.scale;

import dev.asyncref.virtualthreads.BlockingBridge;
import dev.asyncref.virtualthreads.BlockingPizzeria;
import java.util.concurrent.CompletionStage;

/**
 * A virtual-thread style (plain or structured) as a caller outside a virtual thread starts it: through the
 * module's {@link BlockingBridge}, which runs each operation on a virtual thread of its own, in the caller's
 * request scope. A caller already on a virtual thread would call the blocking method itself.
 */
final class BlockingStyle implements Contender {

    private final BlockingBridge pizzeria;

    BlockingStyle(BlockingPizzeria pizzeria) {
        this.pizzeria = new BlockingBridge(pizzeria);
    }

    @Override
    public void start(Operation operation, int id, Tally tally) {
        CompletionStage<?> result = switch (operation) {
            case QUOTE -> pizzeria.quote(Operation.ORDER);
            case CHECKOUT -> pizzeria.checkout(Operation.ORDER);
            case BAKE -> pizzeria.bake(Operation.ORDER);
            case PLAN_DELIVERY -> pizzeria.planDelivery(Operation.ORDER);
        };
        result.whenComplete((value, failure) -> tally.ended(id, failure));
    }
}
