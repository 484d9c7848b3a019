package dev.asyncref.reactive.reactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Hooks;

/**
 * Fails a test after which Reactor dropped an error (one that arrived after its sequence had ended), which it
 * would otherwise log at ERROR and forget. Checked after the test class's own {@code @AfterEach}, so after the
 * services are closed and every late answer has arrived. Public for the pattern tests, which run under it too.
 */
public final class DroppedErrors implements BeforeEachCallback, AfterEachCallback {

    private final Queue<Throwable> dropped = new ConcurrentLinkedQueue<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        dropped.clear();
        Hooks.onErrorDropped(dropped::add);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Hooks.resetOnErrorDropped();
        assertThat(dropped).as("errors Reactor dropped").isEmpty();
    }
}
