package dev.asyncref.virtualthreads.plain;

import dev.asyncref.virtualthreads.NoPinnedThreads;
import dev.asyncref.contract.PizzeriaContract;
import dev.asyncref.downstream.Downstream;
import dev.asyncref.virtualthreads.BlockingBridge;
import dev.asyncref.workload.Pizzeria;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NoPinnedThreads.class)
class VirtualThreadPizzeriaContractTest implements PizzeriaContract {

    @Override
    public Pizzeria pizzeria(Downstream downstream) {
        return new BlockingBridge(new VirtualThreadPizzeria(downstream));
    }
}
