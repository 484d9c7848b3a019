package dev.asyncref.callbacks;

import static dev.asyncref.contract.Outcomes.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

import dev.asyncref.callbacks.PolledStream.Answer;
import dev.asyncref.context.OperationName;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an ended {@link PolledStream} keeps: nothing it fetched, though its handle is still held (Reactive Streams
 * rule 3.13, shown as the TCK shows it: weakly referenced, then collected). A page answers at once, one of its five
 * items is asked for, and the stream ends with four waiting.
 */
class PolledStreamTest {

    @ParameterizedTest(name = "ended by {0}")
    @ValueSource(strings = {"a cancel", "a request for nothing"})
    void anEndedStreamLetsGoOfTheItemsItFetchedWhileItsHandleIsHeld(String ending) {
        List<WeakReference<Object>> waiting = new ArrayList<>();
        @SuppressWarnings("unchecked")
        StreamListener<Object> listener = mock(StreamListener.class);
        PolledStream<Long, Object> stream = new PolledStream<>(RequestMdc.capture(OperationName.HISTORY), listener,
                1L, (from, answer) -> {
                    List<Object> page = Stream.generate(Object::new).limit(5).toList();
                    page.stream().skip(1).forEach(item -> waiting.add(new WeakReference<>(item)));
                    answer.onSuccess(Answer.more(page, from + 1));
                    return () -> false;
                });
        stream.request(1);

        Consumer<PolledStream<Long, Object>> end = ending.equals("a cancel") ? PolledStream::cancel
                : held -> held.request(0);
        end.accept(stream);

        eventually().until(() -> {
            System.gc();
            return waiting.stream().allMatch(item -> item.refersTo(null));
        });
        assertThat(stream).as("still held").isNotNull();
    }
}
