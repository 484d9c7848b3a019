package dev.asyncref.downstream;

import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Receipt;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/** Charges customers. */
public final class PaymentService extends SimulatedService<Payment, Receipt> {

    PaymentService(Downstream.Settings settings, ScheduledExecutorService threads, CallLog log) {
        super("payments", settings, threads, log, new Cashier()::receiptFor);
    }

    public Cancellable charge(Payment payment, Callback<? super Receipt> callback) {
        return call(payment, callback);
    }

    public Receipt charge(Payment payment) throws InterruptedException {
        return callBlocking(payment);
    }

    private static final class Cashier {
        private final AtomicLong receipts = new AtomicLong();

        Receipt receiptFor(Payment payment) {
            return new Receipt("pay-" + receipts.incrementAndGet(), payment.customer(), payment.amount());
        }
    }
}
