package io.segmenter.stream.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StopSignalTest {

    @Test
    void theFirstReasonWins() throws InterruptedException {
        StopSignal failed = new StopSignal();
        failed.fail();
        failed.request();
        assertThat(failed.await()).isEqualTo(StopSignal.Reason.FAILED);

        StopSignal requested = new StopSignal();
        requested.request();
        requested.fail();
        assertThat(requested.await()).isEqualTo(StopSignal.Reason.REQUESTED);
    }
}
