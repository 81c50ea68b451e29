package io.segmenter.features.dataset;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The public datasets this package reads, each with its command-line name. */
public enum DatasetFormat {
    /** Alibaba Tianchi UserBehavior: no header, {@code user,item,category,behavior,epochSeconds}. */
    TAOBAO("taobao"),
    /** REES46 "eCommerce behavior data from multi category store": CSV with a header. */
    REES46("rees46"),
    /** UCI Online Retail invoice lines: CSV with a header and quoted strings. */
    ONLINE_RETAIL("online-retail"),
    /** CDNOW master file: whitespace-separated, with a header. */
    CDNOW("cdnow"),
    /** "Fraud_Data" e-commerce first purchases with a fraud label: CSV with a header. */
    FRAUD_DATA("fraud-data");

    private final String cliName;

    DatasetFormat(String cliName) {
        this.cliName = cliName;
    }

    /** Kebab-case name used on the command line, in manifests and in event ids. */
    public String cliName() {
        return cliName;
    }

    /** The valid command-line names, {@code |}-separated, in declaration order. */
    public static String validNames() {
        return Arrays.stream(values()).map(DatasetFormat::cliName).collect(Collectors.joining("|"));
    }

    /**
     * The format with this command-line name; case and surrounding blanks are ignored, and the enum
     * constant's name ({@code ONLINE_RETAIL}) is accepted too.
     *
     * @throws IllegalArgumentException naming the valid names, for anything else
     */
    public static DatasetFormat fromCliName(String name) {
        if (name != null) {
            String key = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
            for (DatasetFormat format : values()) {
                if (format.cliName.equals(key)) {
                    return format;
                }
            }
        }
        throw new IllegalArgumentException("unknown dataset format '" + name + "'; valid formats: " + validNames());
    }

    /** The reader of this format. Readers are stateless and thread-safe. */
    public DatasetReader reader() {
        return switch (this) {
            case TAOBAO -> TaobaoReader.INSTANCE;
            case REES46 -> Rees46Reader.INSTANCE;
            case ONLINE_RETAIL -> OnlineRetailReader.INSTANCE;
            case CDNOW -> CdnowReader.INSTANCE;
            case FRAUD_DATA -> FraudDataReader.INSTANCE;
        };
    }
}
