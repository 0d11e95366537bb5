package uz.coffeeshop.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventLoopThreadsTest {

    @Test
    void oneLoopPerTwoCoresAndAtLeastOneWhenNotSet() {
        assertThat(EventLoopThreads.count(null, 1)).isEqualTo(1);
        assertThat(EventLoopThreads.count(null, 2)).isEqualTo(1);
        assertThat(EventLoopThreads.count(" ", 8)).isEqualTo(4);
    }

    @Test
    void theConfiguredNumberWhenSet() {
        assertThat(EventLoopThreads.count("1", 2)).isEqualTo(1);
        assertThat(EventLoopThreads.count(" 6 ", 2)).isEqualTo(6);
    }

    @Test
    void anythingButAPositiveNumberIsRefusedByName() {
        assertThatThrownBy(() -> EventLoopThreads.count("0", 2)).hasMessageContaining("GATEWAY_IO_THREADS");
        assertThatThrownBy(() -> EventLoopThreads.count("four", 2)).hasMessageContaining("GATEWAY_IO_THREADS");
    }
}
