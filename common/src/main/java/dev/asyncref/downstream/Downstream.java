package dev.asyncref.downstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated downstream services of one pizzeria, their threads and their shared call log. Closing it
 * fails whatever is still pending and stops its threads: nothing is left behind.
 *
 * <p>Latencies are timed on a hashed timer wheel and answers delivered on the downstream threads
 * ({@link Network}): a million calls in flight cost no more per call than one.
 */
public final class Downstream implements AutoCloseable {

    /**
     * @param latency every call's latency unless a service sets its own
     * @param threads downstream threads (the services' event loop) that deliver answers; one more, the
     *     timer wheel's, times the latencies
     * @param logCapacity call-log entries kept; 0 switches recording off
     */
    public record Settings(Duration latency, int threads, int logCapacity) {

        public Settings {
            if (latency == null || latency.isNegative()) {
                throw new IllegalArgumentException("latency must be zero or positive, got " + latency);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            if (logCapacity < 0) {
                throw new IllegalArgumentException("logCapacity must be zero (off) or positive, got " + logCapacity);
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ZERO, Runtime.getRuntime().availableProcessors(), 100_000);
        }

        public Settings withLatency(Duration latency) {
            return new Settings(latency, threads, logCapacity);
        }

        public Settings withThreads(int threads) {
            return new Settings(latency, threads, logCapacity);
        }

        public Settings withLogCapacity(int logCapacity) {
            return new Settings(latency, threads, logCapacity);
        }
    }

    private final Network network;
    private final CallLog log;
    private final MenuService menu;
    private final PaymentService payments;
    private final KitchenService kitchen;
    private final List<CourierService> couriers;
    private final StockService stock;
    private final DispatchService dispatch;
    private final TrackingService tracking;
    private final HistoryService history;
    private final AddressBook addresses;
    private final RoutePlanner routes;
    private final List<SimulatedService<?, ?>> services;

    private Downstream(Settings settings) {
        network = new Network(settings.threads());
        log = new CallLog(settings.logCapacity());
        menu = new MenuService(settings, network, log);
        payments = new PaymentService(settings, network, log);
        kitchen = new KitchenService(settings, network, log);
        couriers = List.of(
                new CourierService("bike", Duration.ofMinutes(25), settings, network, log),
                new CourierService("scooter", Duration.ofMinutes(20), settings, network, log),
                new CourierService("van", Duration.ofMinutes(35), settings, network, log));
        stock = new StockService(settings, network, log);
        dispatch = new DispatchService(settings, network, log);
        tracking = new TrackingService(settings, network, log);
        history = new HistoryService(settings, network, log);
        addresses = new AddressBook(settings, network, log);
        routes = new RoutePlanner(log);
        List<SimulatedService<?, ?>> all = new ArrayList<>(List.of(menu, payments, kitchen));
        all.addAll(couriers);
        all.addAll(List.of(stock, dispatch, stock.releases(), payments.refunds(), dispatch.cancellations(),
                tracking, history, addresses));
        services = List.copyOf(all);
    }

    public static Downstream start() {
        return start(Settings.defaults());
    }

    public static Downstream start(Settings settings) {
        return new Downstream(settings);
    }

    public MenuService menu() {
        return menu;
    }

    public PaymentService payments() {
        return payments;
    }

    public KitchenService kitchen() {
        return kitchen;
    }

    /** Equivalent courier companies, each its own service: bike, scooter and van. */
    public List<CourierService> couriers() {
        return couriers;
    }

    /** The courier company of that name. */
    public CourierService courier(String name) {
        return couriers.stream().filter(courier -> courier.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no courier named " + name));
    }

    public StockService stock() {
        return stock;
    }

    public DispatchService dispatch() {
        return dispatch;
    }

    public TrackingService tracking() {
        return tracking;
    }

    public HistoryService history() {
        return history;
    }

    /** The legacy client with a blocking API only. */
    public AddressBook addresses() {
        return addresses;
    }

    /** Local CPU-bound work, counted and logged like a service. */
    public RoutePlanner routes() {
        return routes;
    }

    /** Every service, the undo services ({@code stock.release}, {@code payments.refund}, ...) included. */
    public List<SimulatedService<?, ?>> services() {
        return services;
    }

    /**
     * What placeOrder acquires and how it is given back, by the services' names in the call log: each service
     * whose answered call acquires something ({@code stock}, {@code payments}, {@code dispatch}, in the order
     * placeOrder calls them) with the undo service that gives it back ({@code stock.release}, ...).
     */
    public Map<String, String> undoServices() {
        Map<String, String> undo = new LinkedHashMap<>();
        undo.put(stock.name(), stock.releases().name());
        undo.put(payments.name(), payments.refunds().name());
        undo.put(dispatch.name(), dispatch.cancellations().name());
        return Collections.unmodifiableMap(undo);
    }

    /** Calls in flight across all services. */
    public int inFlight() {
        return services().stream().mapToInt(SimulatedService::inFlight).sum();
    }

    /** The whole call log, across services, in the order it was recorded. */
    public List<CallEvent> log() {
        return log.events();
    }

    /** Log entries not kept because the log was full. */
    public long droppedLogEntries() {
        return log.dropped();
    }

    /**
     * Fails every pending call (its callback runs on a downstream thread, as any answer does), then stops
     * the threads once those failures are delivered.
     */
    @Override
    public void close() {
        services().forEach(SimulatedService::close);
        network.stopTiming().forEach(network::execute);
        routes.close();
        try {
            if (!network.close()) {
                network.closeNow();
                throw new IllegalStateException("downstream threads did not stop: a callback is stuck");
            }
        } catch (InterruptedException e) {
            network.closeNow();
            Thread.currentThread().interrupt();
        }
    }
}
