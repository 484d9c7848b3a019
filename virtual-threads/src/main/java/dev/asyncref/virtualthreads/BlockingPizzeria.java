package dev.asyncref.virtualthreads;

import dev.asyncref.domain.BakeOutcome;
import dev.asyncref.domain.BakedPizza;
import dev.asyncref.domain.CourierOffer;
import dev.asyncref.domain.Order;
import dev.asyncref.domain.Quote;
import dev.asyncref.domain.Receipt;
import java.time.Duration;
import java.util.List;

/**
 * The workload as plain blocking methods, meant to run on virtual threads: each returns its result or
 * throws the domain exception itself; interrupting the calling thread cancels what is in flight and
 * throws {@link InterruptedException}.
 */
public interface BlockingPizzeria {

    Quote quote(Order order) throws InterruptedException;

    Receipt checkout(Order order) throws InterruptedException;

    List<BakedPizza> bake(Order order) throws InterruptedException;

    List<BakedPizza> bakeBatch(Order order, int ovens) throws InterruptedException;

    List<BakeOutcome> bakeBatchOutcomes(Order order, int ovens) throws InterruptedException;

    CourierOffer findCourier(Order order) throws InterruptedException;

    Quote quoteWithin(Order order, Duration timeout) throws InterruptedException;

    Receipt checkoutWithin(Order order, Duration deadline) throws InterruptedException;

    CourierOffer findCourierWithin(Order order, Duration timeout) throws InterruptedException;
}
