package io.segmenter.stream.config;

import java.util.Locale;

/**
 * One documented configuration setting: its key in a properties file, the environment variable
 * that overrides it, its default and a one-line description. The README's configuration table
 * is checked against {@link SegmenterConfig#SETTINGS}.
 */
public record Setting(String key, String defaultValue, String description) {

    /** {@code topic.clicks} becomes {@code SEGMENTER_TOPIC_CLICKS}. */
    public String environmentVariable() {
        return "SEGMENTER_" + key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
    }
}
