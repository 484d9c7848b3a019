package dev.asyncref.contract;

/**
 * The whole contract: an implementation's test class implements this and supplies
 * {@link #pizzeria(dev.asyncref.downstream.Downstream)}, nothing else. Every test cites its rule in
 * {@code common/SPEC.md}.
 */
public interface PizzeriaContract
        extends OneCallContract, SequenceContract, FanOutContract, FailureContract, ValidationContract,
                CancellationContract, RaceContract, BoundedConcurrencyContract, TimeoutContract, HedgingContract,
                RetryContract, CompensationContract, TrackingContract, HistoryContract, BackpressureContract,
                StreamFailureContract, ContextContract, BlockingCallContract, CpuBoundContract,
                ReadableFailureContract {}
