package io.segmenter.stream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The exactly-once round trip of {@code EmbeddedKafkaBrokerIT} against a broker in a Docker
 * container. Skipped where there is no Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerBrokerIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = KafkaBrokerExtension.container();

    @Test
    void deliversTransactionalRecordsExactlyOnceAndInOrderToReadCommittedConsumers() {
        kafka.createTopic("round-trip", 3);

        Map<Integer, List<String>> sent =
                TransactionalRoundTrip.produceCommittedAndAborted(kafka.bootstrapServers(), "round-trip", 3, 1_000);
        Map<Integer, List<String>> read =
                TransactionalRoundTrip.readCommitted(kafka.bootstrapServers(), "round-trip", Duration.ofSeconds(30));

        assertThat(kafka.backend()).isEqualTo(KafkaBrokerExtension.Backend.CONTAINER);
        assertThat(read).isEqualTo(sent);
    }
}
