package dev.asyncref.downstream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Settings that cannot work are refused when made, not when the first call trips on them. */
class DownstreamSettingsTest {

    private final Downstream.Settings defaults = Downstream.Settings.defaults();

    @Test
    void refusesANegativeLatency() {
        assertThatThrownBy(() -> defaults.withLatency(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latency");
    }

    @Test
    void refusesFewerThanOneThread() {
        assertThatThrownBy(() -> defaults.withThreads(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads");
    }

    @Test
    void refusesANegativeLogCapacity() {
        assertThatThrownBy(() -> defaults.withLogCapacity(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("logCapacity");
    }
}
