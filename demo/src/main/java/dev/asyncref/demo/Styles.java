package dev.asyncref.demo;

import dev.asyncref.callbacks.CallbackBridge;
import dev.asyncref.callbacks.CallbackPizzeria;
import dev.asyncref.futures.FuturePizzeria;
import dev.asyncref.reactive.reactor.ReactorBridge;
import dev.asyncref.reactive.reactor.ReactorPizzeria;
import dev.asyncref.reactive.rxjava.RxBridge;
import dev.asyncref.reactive.rxjava.RxPizzeria;
import dev.asyncref.virtualthreads.BlockingBridge;
import dev.asyncref.virtualthreads.plain.VirtualThreadPizzeria;
import dev.asyncref.virtualthreads.structured.StructuredPizzeria;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The six styles, each behind the shared interface, and the pools the caller lends to two of them. */
final class Styles implements AutoCloseable {

    private final ExecutorService futuresExecutor =
            Executors.newFixedThreadPool(2, Thread.ofPlatform().name("pizzeria-", 1).factory());
    private final ScheduledExecutorService callbackTimer =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("timer").factory());
    // The legacy lookups block: a virtual thread each. The plannings compute: one platform thread per core.
    private final ExecutorService lookups =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("lookup-", 1).factory());
    private final ExecutorService planning = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), Thread.ofPlatform().name("planning-", 1).factory());

    static final String CALLBACKS = "callbacks";
    static final String FUTURES = "futures";
    static final String RXJAVA = "reactive / RxJava 3";
    static final String REACTOR = "reactive / Reactor";
    static final String VIRTUAL_THREADS = "virtual threads";
    static final String STRUCTURED = "structured concurrency";

    List<Style> all() {
        return List.of(
                new Style(CALLBACKS, downstream -> new CallbackBridge(
                        new CallbackPizzeria(downstream, callbackTimer, lookups, planning))),
                new Style(FUTURES, downstream -> new FuturePizzeria(downstream, futuresExecutor, lookups, planning)),
                new Style(RXJAVA, downstream -> new RxBridge(new RxPizzeria(downstream))),
                new Style(REACTOR, downstream -> new ReactorBridge(new ReactorPizzeria(downstream))),
                new Style(VIRTUAL_THREADS, downstream -> new BlockingBridge(new VirtualThreadPizzeria(downstream))),
                new Style(STRUCTURED, downstream -> new BlockingBridge(new StructuredPizzeria(downstream))));
    }

    Style named(String name) {
        return all().stream().filter(style -> style.name().equals(name)).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        futuresExecutor.close();
        callbackTimer.close();
        lookups.close();
        planning.close();
    }
}
