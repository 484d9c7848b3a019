package dev.asyncref.demo;

import dev.asyncref.downstream.DownstreamException;
import dev.asyncref.downstream.RoutePlanner;
import dev.asyncref.downstream.SimulatedService;

/** How a simulated service answers in a scenario: every style meets the same one. */
enum ServiceBehaviour {
    ANSWERS,
    /** Every call fails with a retryable failure. */
    FAILS,
    /** Every call fails with a failure the service marks as not worth retrying. */
    REJECTS,
    /** The first call fails (retryable), later ones answer. */
    FLAKY,
    /**
     * Calls for some requests fail, the same ones in every style whatever the order of the calls (those whose
     * request's hash is even), all with one message, so that which of several fails first is not told apart.
     */
    SOME_FAIL,
    /** No call is ever answered: the operation ends only by a timer or the caller's cancel. */
    HANGS;

    /** The route planner, a computation, only answers or fails. */
    void applyTo(RoutePlanner routes) {
        switch (this) {
            case ANSWERS -> { }
            case FAILS -> routes.failWhen(to -> true);
            default -> throw new IllegalArgumentException("the route planner only answers or fails, not " + this);
        }
    }

    void applyTo(SimulatedService<?, ?> service) {
        switch (this) {
            case ANSWERS -> { }
            case FAILS -> service.failCalls(call -> true);
            case REJECTS -> service.failCalls(call -> true,
                    request -> DownstreamException.permanent(service.name(), "request rejected"));
            case FLAKY -> service.failCalls(call -> call == 1);
            case SOME_FAIL -> service.failWhen(request -> request.hashCode() % 2 == 0,
                    request -> new DownstreamException(service.name(), "cannot serve this one"));
            case HANGS -> service.hold();
        }
    }
}
