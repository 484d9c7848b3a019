package dev.asyncref.reactive.rxjava;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.plugins.RxJavaPlugins;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test after which RxJava had an error it could deliver to nobody (an error after a dispose), which it
 * would otherwise print to stderr and forget. Checked after the test class's own {@code @AfterEach}, so after
 * the services are closed and every late answer has arrived. Public for the patterns' tests.
 */
public final class UndeliverableErrors implements BeforeEachCallback, AfterEachCallback {

    private final Queue<Throwable> undeliverable = new ConcurrentLinkedQueue<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        undeliverable.clear();
        RxJavaPlugins.setErrorHandler(undeliverable::add);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        RxJavaPlugins.reset();
        assertThat(undeliverable).as("errors RxJava had nobody to deliver to").isEmpty();
    }
}
