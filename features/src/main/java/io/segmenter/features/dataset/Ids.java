package io.segmenter.features.dataset;

import java.util.Objects;

/** Builds the ids of one read: {@code prefix} namespaces them, {@code tag} (the format's cli name) types them. */
record Ids(String prefix, String tag) {

    Ids(String prefix, DatasetFormat format) {
        this(prefix, format.cliName());
    }

    Ids {
        Objects.requireNonNull(prefix, "idPrefix");
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.isWhitespace(prefix.charAt(i)) || Character.isISOControl(prefix.charAt(i))) {
                throw new IllegalArgumentException("idPrefix must not contain blanks or control characters: '" + prefix + "'");
            }
        }
    }

    String eventId(long lineNumber) {
        return prefix + tag + '-' + lineNumber;
    }

    /** {@code <prefix><tag>-<part>-<part>...}, for derived order and event ids. */
    String derived(String... parts) {
        StringBuilder sb = new StringBuilder(prefix).append(tag);
        for (String part : parts) {
            sb.append('-').append(part);
        }
        return sb.toString();
    }

    /** A user, session or device id from the source, namespaced; null stays null. */
    String key(String raw) {
        return raw == null ? null : prefix + raw;
    }
}
