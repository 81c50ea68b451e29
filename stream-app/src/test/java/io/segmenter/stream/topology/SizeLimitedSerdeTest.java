package io.segmenter.stream.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class SizeLimitedSerdeTest {

    private final Serde<String> limited = SizeLimitedSerde.wrap(Serdes.String(), 8);

    @Test
    void decodesValuesUpToTheLimit() {
        assertThat(limited.deserializer().deserialize("t", "12345678".getBytes())).isEqualTo("12345678");
        assertThat(limited.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void refusesALargerValueBeforeDecodingIt() {
        assertThatThrownBy(() -> limited.deserializer().deserialize("user-clicks", "123456789".getBytes()))
                .isInstanceOf(OversizedRecordException.class)
                .hasMessage("value of 9 bytes on user-clicks is larger than max.event.bytes 8");
    }

    @Test
    void leavesSerializingAlone() {
        assertThat(limited.serializer().serialize("t", "a much longer value")).hasSize(19);
    }
}
