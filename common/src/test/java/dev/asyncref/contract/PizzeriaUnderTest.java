package dev.asyncref.contract;

import dev.asyncref.downstream.Downstream;
import dev.asyncref.workload.Pizzeria;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an implementation supplies to run a contract: its {@link Pizzeria}, built on the fresh
 * {@link Downstream} each test gets. Test methods receive both as parameters.
 */
@ExtendWith(ContractExtension.class)
public interface PizzeriaUnderTest {

    Pizzeria pizzeria(Downstream downstream);
}
