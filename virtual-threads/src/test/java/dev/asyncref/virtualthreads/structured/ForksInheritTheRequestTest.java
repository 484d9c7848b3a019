package dev.asyncref.virtualthreads.structured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.context.RequestContext;
import dev.asyncref.virtualthreads.NoPinnedThreads;
import dev.asyncref.virtualthreads.RequestScope;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What structured concurrency gives for free, and the little it leaves to do: a fork inherits the owner's
 * scoped value, the request, with nothing written; its MDC, a thread-local, it does not inherit, which is what
 * the forks' thread factory ({@link RequestScope#forks}) is for. (Without that factory the fork's MDC is empty:
 * Logback's MDC is not inheritable, which is Logback's behaviour and not tested here.)
 */
@ExtendWith(NoPinnedThreads.class)
class ForksInheritTheRequestTest {

    private static final RequestContext REQUEST = new RequestContext("bake", "request-1");

    @Test
    void aForkRunsForItsOwnersRequestOnceItsThreadCopiesItIntoTheMdc() throws InterruptedException {
        RequestContext inFork = RequestScope.call(REQUEST, () -> forkAndRead(
                config -> config.withThreadFactory(RequestScope.forks(Thread.ofVirtual().factory()))));

        assertThat(inFork).isEqualTo(REQUEST);
    }

    private static RequestContext forkAndRead(
            UnaryOperator<StructuredTaskScope.Configuration> config) throws InterruptedException {
        try (var scope = StructuredTaskScope.open(Joiner.<RequestContext>awaitAllSuccessfulOrThrow(), config)) {
            Subtask<RequestContext> fork = scope.fork(RequestContext::current);
            scope.join();
            return fork.get();
        }
    }
}
