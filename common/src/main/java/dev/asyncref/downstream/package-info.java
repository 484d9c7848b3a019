/**
 * Simulated downstream services standing in for remote calls: latency, injected faults, a gate that holds
 * answers until a test releases them, counters and one call log. Each service has an asynchronous face
 * (a {@link dev.asyncref.downstream.Callback} plus a {@link dev.asyncref.downstream.Cancellable}, the most
 * primitive async form, as in NIO or Netty) and a blocking face; both share one model, so a behaviour is
 * identical whichever face a style uses.
 */
package dev.asyncref.downstream;
