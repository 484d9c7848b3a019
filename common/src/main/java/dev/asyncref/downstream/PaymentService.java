package dev.asyncref.downstream;

import dev.asyncref.domain.Payment;
import dev.asyncref.domain.Receipt;
import java.util.concurrent.atomic.AtomicLong;

/** Charges customers, and refunds a charge that will not be served. */
public final class PaymentService extends SimulatedService<Payment, Receipt> {

    private final UndoService<Receipt> refunds;

    PaymentService(Downstream.Settings settings, Network network, CallLog log) {
        super("payments", settings, network, log, new Cashier()::receiptFor);
        refunds = new UndoService<>("payments.refund", settings, network, log);
    }

    public Cancellable charge(Payment payment, Callback<? super Receipt> callback) {
        return call(payment, callback);
    }

    public Receipt charge(Payment payment) throws InterruptedException {
        return callBlocking(payment);
    }

    public Cancellable refund(Receipt receipt, Callback<? super Receipt> callback) {
        return refunds.undo(receipt, callback);
    }

    public Receipt refund(Receipt receipt) throws InterruptedException {
        return refunds.undo(receipt);
    }

    /** The refund calls, a service of their own. */
    public UndoService<Receipt> refunds() {
        return refunds;
    }

    private static final class Cashier {
        private final AtomicLong receipts = new AtomicLong();

        Receipt receiptFor(Payment payment) {
            return new Receipt("pay-" + receipts.incrementAndGet(), payment.customer(), payment.amount());
        }
    }
}
