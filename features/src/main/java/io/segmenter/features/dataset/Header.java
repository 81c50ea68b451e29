package io.segmenter.features.dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Column positions of a header, looked up by name (case-insensitive, blanks trimmed). */
final class Header {

    private final DatasetFormat format;
    private final String source;
    private final List<String> names;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> missing = new ArrayList<>();

    Header(DatasetFormat format, String source, List<String> names) {
        this.format = format;
        this.source = source;
        this.names = List.copyOf(names);
        for (int i = 0; i < names.size(); i++) {
            index.putIfAbsent(normal(names.get(i)), i);
        }
    }

    /** The header of a comma-separated source; a line that does not split is a format error. */
    static Header ofCsvLine(DatasetFormat format, String source, String line) throws DatasetFormatException {
        try {
            return new Header(format, source, Csv.split(line));
        } catch (MalformedLineException e) {
            throw new DatasetFormatException(format.cliName() + " source " + source + ": bad header: " + e.getMessage());
        }
    }

    int size() {
        return names.size();
    }

    /** Position of a required column; a missing one is recorded for {@link #check()}. */
    int required(String name) {
        Integer i = index.get(normal(name));
        if (i == null) {
            missing.add(name);
            return -1;
        }
        return i;
    }

    /** Position of an optional column, -1 when absent. */
    int optional(String name) {
        return index.getOrDefault(normal(name), -1);
    }

    /** Throws when a required column was missing. */
    void check() throws DatasetFormatException {
        if (!missing.isEmpty()) {
            throw new DatasetFormatException(format.cliName() + " source " + source + ": header lacks required column(s) "
                    + missing + "; found " + names);
        }
    }

    private static String normal(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }
}
