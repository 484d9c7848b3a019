package dev.asyncref.virtualthreads.plain;

import dev.asyncref.downstream.Downstream;
import dev.asyncref.virtualthreads.BlockingPizzeria;
import dev.asyncref.virtualthreads.BlockingPizzeriaContract;

/** The blocking API of {@link VirtualThreadPizzeria}: executor-per-task fan-out. */
class VirtualThreadPizzeriaTest extends BlockingPizzeriaContract {

    @Override
    protected BlockingPizzeria pizzeria(Downstream downstream) {
        return new VirtualThreadPizzeria(downstream);
    }
}
