package io.segmenter.stream.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContainerBrokerTest {

    @Test
    void mapsBrokerPropertiesToTheImagesEnvironmentVariables() {
        assertThat(ContainerBroker.environmentName("log.cleaner.dedupe.buffer.size"))
                .isEqualTo("KAFKA_LOG_CLEANER_DEDUPE_BUFFER_SIZE");
        assertThat(ContainerBroker.environmentName("listener.name.sasl_plaintext.plain.sasl.jaas.config"))
                .isEqualTo("KAFKA_LISTENER_NAME_SASL__PLAINTEXT_PLAIN_SASL_JAAS_CONFIG");
        assertThat(ContainerBroker.environmentName("some-dashed.key"))
                .isEqualTo("KAFKA_SOME___DASHED_KEY");
    }
}
