package dev.asyncref.contract;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;

import dev.asyncref.context.RequestContext;
import dev.asyncref.downstream.CallEvent;
import dev.asyncref.downstream.CallEvent.Kind;
import dev.asyncref.downstream.Downstream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.slf4j.MDC;

/** Calls made as a caller with a correlation id does it: the id in the MDC while it calls (rule R17). */
public final class Requests {

    /** Stands for "no correlation id" in {@link #callsPerId}. */
    public static final String NONE = "<none>";

    private Requests() {}

    /** {@code count} distinct correlation ids. */
    public static List<String> ids(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "request-" + i).toList();
    }

    /** Runs {@code call} with {@code correlationId} in the MDC, and only while it runs. */
    public static <T> T as(String correlationId, Supplier<T> call) {
        try (MDC.MDCCloseable _ = MDC.putCloseable(RequestContext.CORRELATION_ID, correlationId)) {
            return call.get();
        }
    }

    /** How many calls each correlation id made, by the ids the services recorded as each call started. */
    public static Map<String, Long> callsPerId(Downstream downstream) {
        return downstream.log().stream()
                .filter(event -> event.is(Kind.STARTED))
                .collect(groupingBy(event -> Objects.requireNonNullElse(event.correlationId(), NONE), counting()));
    }

    /** The services that calls started under {@code correlationId} went to, in order. */
    public static List<String> servicesCalledBy(String correlationId, Downstream downstream) {
        return downstream.log().stream()
                .filter(event -> event.is(Kind.STARTED) && correlationId.equals(event.correlationId()))
                .map(CallEvent::service)
                .toList();
    }
}
