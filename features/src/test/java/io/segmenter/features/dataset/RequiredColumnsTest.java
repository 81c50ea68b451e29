package io.segmenter.features.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every reader with a header fails the whole read once, before any row, when a required column is missing. */
class RequiredColumnsTest {

    static Stream<Arguments> headersLackingARequiredColumn() {
        return Stream.of(
                Arguments.of(DatasetFormat.FRAUD_DATA, "Fraud_Data.csv",
                        "\uFEFFuser_id,signup_time,purchase_value,device_id,source,browser,sex,age,ip_address,class",
                        "22058,2/24/2015 22:55,34,QVPSPJUOCKZAR,SEO,Chrome,M,39,732758368.8,0",
                        "fraud-data source Fraud_Data.csv: header lacks required column(s) [purchase_time]; found "
                                + "[user_id, signup_time, purchase_value, device_id, source, browser, sex, age, ip_address, class]"),
                Arguments.of(DatasetFormat.ONLINE_RETAIL, "Online_Retail.csv",
                        "\"InvoiceNo\",\"StockCode\",\"Description\",\"Quantity\",\"UnitPrice\",\"CustomerID\",\"Country\"",
                        "\"536365\",\"85123A\",\"d\",6,2.55,17850,\"United Kingdom\"",
                        "online-retail source Online_Retail.csv: header lacks required column(s) [InvoiceDate]; found "
                                + "[InvoiceNo, StockCode, Description, Quantity, UnitPrice, CustomerID, Country]"),
                Arguments.of(DatasetFormat.REES46, "2019-Oct.csv",
                        "event_time,event_type,product_id,category_id,category_code,brand,user_session",
                        "2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,shiseido,72d76fde",
                        "rees46 source 2019-Oct.csv: header lacks required column(s) [price, user_id]; found "
                                + "[event_time, event_type, product_id, category_id, category_code, brand, user_session]"),
                Arguments.of(DatasetFormat.CDNOW, "CDNOW_master.txt",
                        " customer_id  date number_of_cds",
                        " 00001 19970101  1",
                        "cdnow source CDNOW_master.txt: header lacks required column(s) [dollar_value]; found "
                                + "[customer_id, date, number_of_cds]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headersLackingARequiredColumn")
    void failsTheReadOnceNamingTheSourceTheMissingAndTheFoundColumnsBeforeAnyRow(
            DatasetFormat format, String source, String header, String row, String message) throws Exception {
        BufferedReader in = new BufferedReader(new StringReader(header + "\r\n" + row + "\r\n" + row + "\r\n"));
        List<DatasetEvent> sink = new ArrayList<>();

        assertThatThrownBy(() -> format.reader().read(in, source, "", sink::add))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(message);
        assertThat(sink).isEmpty();
        assertThat(in.readLine()).as("the first row is left unread").isEqualTo(row);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headersLackingARequiredColumn")
    void failsAFileNamingItsPath(DatasetFormat format, String source, String header, String row, String message,
            @TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve(source), header + "\n" + row + "\n");

        assertThatThrownBy(() -> format.reader().readAll(file, ""))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(message.replace(" source " + source + ": ", " source " + file + ": "));
    }
}
