package dev.asyncref.virtualthreads.structured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.asyncref.context.RequestContext;
import dev.asyncref.virtualthreads.NoPinnedThreads;
import dev.asyncref.virtualthreads.RequestScope;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructuredTaskScope.Subtask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What structured concurrency gives for free, and the little it leaves to do: a fork inherits the owner's
 * scoped value, the request, with nothing written; its MDC, a thread-local, it does not inherit, which is what
 * {@link RequestScope#forked} is for. (Without it the fork's MDC is empty: Logback's MDC is not inheritable, which
 * is Logback's behaviour and not tested here.) The one test outside the structured patterns that uses the preview
 * API itself: it shows the JDK's behaviour the structured style relies on.
 */
@ExtendWith(NoPinnedThreads.class)
class ForksInheritTheRequestTest {

    private static final RequestContext REQUEST = new RequestContext("bake", "request-1");

    @Test
    void aForkRunsForItsOwnersRequestOnceItsCallCopiesItIntoTheMdc() throws InterruptedException {
        RequestContext inFork = RequestScope.call(REQUEST, ForksInheritTheRequestTest::forkAndRead);

        assertThat(inFork).isEqualTo(REQUEST);
    }

    private static RequestContext forkAndRead() throws InterruptedException {
        try (var scope = StructuredTaskScope.open(Joiner.<RequestContext>awaitAllSuccessfulOrThrow())) {
            Subtask<RequestContext> fork = scope.fork(RequestScope.forked(RequestContext::current));
            scope.join();
            return fork.get();
        }
    }
}
