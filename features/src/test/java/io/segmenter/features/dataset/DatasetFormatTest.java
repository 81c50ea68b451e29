package io.segmenter.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class DatasetFormatTest {

    @ParameterizedTest
    @EnumSource(DatasetFormat.class)
    void parsesItsOwnCliNameAndHasAReaderOfItself(DatasetFormat format) {
        assertThat(DatasetFormat.fromCliName(format.cliName())).isEqualTo(format);
        assertThat(format.reader().format()).isEqualTo(format);
    }

    @Test
    void cliNamesAreTheDocumentedOnes() {
        assertThat(DatasetFormat.validNames()).isEqualTo("taobao|rees46|online-retail|cdnow|fraud-data");
    }

    @ParameterizedTest
    @CsvSource({"' Taobao ',TAOBAO", "REES46,REES46", "Online-Retail,ONLINE_RETAIL", "ONLINE_RETAIL,ONLINE_RETAIL",
            "fraud_data,FRAUD_DATA", "CDNOW,CDNOW"})
    void ignoresCaseBlanksAndAcceptsConstantNames(String name, DatasetFormat expected) {
        assertThat(DatasetFormat.fromCliName(name)).isEqualTo(expected);
    }

    @Test
    void rejectsAnUnknownNameListingTheValidOnes() {
        assertThatThrownBy(() -> DatasetFormat.fromCliName("retail"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown dataset format 'retail'; valid formats: taobao|rees46|online-retail|cdnow|fraud-data");
        assertThatThrownBy(() -> DatasetFormat.fromCliName(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
