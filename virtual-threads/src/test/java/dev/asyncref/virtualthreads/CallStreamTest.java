package dev.asyncref.virtualthreads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.asyncref.virtualthreads.CallStream.Batch;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CallStream} on calls scripted to lose a race they win only by chance against the services: an answer
 * that comes back although its consumer was interrupted, or its stream closed, while it was being made.
 */
class CallStreamTest {

    @AfterEach
    void clearTheInterrupt() {
        Thread.interrupted();
    }

    @Test
    void anInterruptThatCameAsTheCallAnsweredIsKeptForTheConsumersNextWait() {
        Stream<String> answers = CallStream.of(0L, cursor -> {
            Thread.currentThread().interrupt(); // the answer won the race: the call returns all the same
            return Batch.last(List.of("answer"));
        });

        assertThat(answers.iterator().next()).isEqualTo("answer");
        assertThat(Thread.currentThread().isInterrupted()).as("kept, not swallowed").isTrue();
    }

    @Test
    void aCloseThatCameAsTheCallAnsweredEndsTheStreamAndLeavesNoInterrupt() {
        AtomicReference<Stream<String>> stream = new AtomicReference<>();
        stream.set(CallStream.of(0L, cursor -> {
            stream.get().close(); // interrupts the call, which answers all the same
            return Batch.last(List.of("answer"));
        }));

        assertThatThrownBy(() -> stream.get().iterator().next()).isExactlyInstanceOf(CancellationException.class)
                .hasMessage("the stream was closed");
        assertThat(Thread.currentThread().isInterrupted()).as("the close's interrupt was the call's").isFalse();
    }
}
