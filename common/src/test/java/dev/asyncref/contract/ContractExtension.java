package dev.asyncref.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.downstream.Downstream;
import dev.asyncref.downstream.SimulatedService;
import dev.asyncref.workload.Pizzeria;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each contract test a fresh {@link Downstream} and the implementation's {@link Pizzeria} on it;
 * after the test, checks rule R0.3 (nothing left in flight) and closes the services.
 *
 * <p>R0.3 is checked with every gate held: a call left running when the test ends is then kept in flight
 * until the services close, and fails the check, instead of quietly answering by itself a moment later (with
 * the default zero latency, it would).
 */
final class ContractExtension implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ContractExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Downstream.class || type == Pizzeria.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Downstream downstream =
                store.getOrComputeIfAbsent(Downstream.class, type -> Downstream.start(), Downstream.class);
        if (parameter.getParameter().getType() == Downstream.class) {
            return downstream;
        }
        PizzeriaUnderTest implementation = (PizzeriaUnderTest) context.getRequiredTestInstance();
        return store.getOrComputeIfAbsent(Pizzeria.class, type -> implementation.pizzeria(downstream), Pizzeria.class);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Downstream downstream = context.getStore(NAMESPACE).remove(Downstream.class, Downstream.class);
        if (downstream == null) {
            return;
        }
        try (downstream) {
            downstream.services().forEach(SimulatedService::hold);
            // Eventually: a losing call whose answer beat its cancel is settled, but counted in flight until its
            // answering thread gets past the bookkeeping; a call truly left behind stays, and fails this.
            Outcomes.eventually().untilAsserted(() -> {
                assertThat(downstream.inFlight())
                        .as("R0.3: calls still in flight when the test ended (%s)", downstream.services().stream()
                                .map(ContractExtension::inFlight)
                                .collect(Collectors.joining(", ")))
                        .isZero();
                assertThat(downstream.routes().running())
                        .as("R0.3: route plannings still computing when the test ended").isZero();
            });
        }
    }

    private static String inFlight(SimulatedService<?, ?> service) {
        return service.name() + "=" + service.inFlight();
    }
}
