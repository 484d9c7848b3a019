package dev.asyncref.virtualthreads.structured;

import dev.asyncref.downstream.Downstream;
import dev.asyncref.virtualthreads.BlockingPizzeria;
import dev.asyncref.virtualthreads.BlockingPizzeriaContract;

/** The blocking API of {@link StructuredPizzeria}: structured fan-out, same observable behaviour. */
class StructuredPizzeriaTest extends BlockingPizzeriaContract {

    @Override
    protected BlockingPizzeria pizzeria(Downstream downstream) {
        return new StructuredPizzeria(downstream);
    }
}
