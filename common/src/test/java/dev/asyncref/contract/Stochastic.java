package dev.asyncref.contract;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a contract test whose verdict rests on wall-clock time or on events that only sometimes meet, as the
 * Reactive Streams TCK marks its {@code stochastic_} tests: it watches for an absence over {@link Periods#QUIET}
 * (nothing happens later), bounds a timer from below, or races events many times hoping they coincide. Under
 * load it may pass a wrong implementation; it fails a correct one only when the machine stalls for longer than
 * {@link Periods#GENEROUS}, which a slow machine can lengthen. Where a style has virtual
 * time, its own tests prove the timer rules exactly (Reactor's {@code StepVerifier.withVirtualTime}, RxJava's
 * {@code TestScheduler}); the callbacks module's tests inspect its timer's queue.
 *
 * <p>The method's name starts with {@code stochastic_} and its Javadoc says why order of events cannot prove
 * it. Select or leave them out with JUnit's tag: {@code -Dgroups=stochastic} or
 * {@code -DexcludedGroups=stochastic}.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Tag("stochastic")
public @interface Stochastic {}
