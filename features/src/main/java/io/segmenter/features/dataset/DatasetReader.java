package io.segmenter.features.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads one {@link DatasetFormat} into {@link DatasetEvent}s, streaming line by line. Get one with
 * {@link DatasetFormat#reader()}.
 *
 * <p>Common to every format: input is UTF-8 (undecodable bytes become U+FFFD); a UTF-8 byte-order
 * mark and CRLF, LF or CR line ends are accepted; blank lines are ignored and counted apart; a line
 * that cannot be read is counted as malformed with its line number and reason, never thrown. Only
 * an I/O failure or a header that lacks a required column ({@link DatasetFormatException}) ends a
 * read. Events come out in line order; Online Retail's grouped events come at the end of the input,
 * in the order of their first line.
 *
 * <p>Ids: {@code idPrefix} ({@code ""} for none) is put in front of every id that keys state
 * downstream: user, event, order, session and device ids; so sources read with distinct prefixes
 * never share a user. Product, category and IP values are left as they are. Event ids are
 * {@code <prefix><format cli name>-<line number>} (Online Retail:
 * {@code <prefix>online-retail-<invoice>-<customer>}), so a replay of the same file yields the same
 * ids. Money is in minor units (cents), rounded half-up where the source has more decimals.
 */
public interface DatasetReader {

    DatasetFormat format();

    /**
     * Reads {@code in} to its end, handing each event to {@code sink}; does not close {@code in}.
     *
     * @param sourceName how the report names the source (a path, a resource name)
     * @param idPrefix   namespace of the ids, {@code ""} for none
     */
    ReadReport read(BufferedReader in, String sourceName, String idPrefix, Consumer<? super DatasetEvent> sink)
            throws IOException;

    /** As {@link #read(BufferedReader, String, String, Consumer)} on UTF-8 bytes; does not close {@code in}. */
    default ReadReport read(InputStream in, String sourceName, String idPrefix, Consumer<? super DatasetEvent> sink)
            throws IOException {
        return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16),
                sourceName, idPrefix, sink);
    }

    /** Reads a file; the report names it by its path. */
    default ReadReport read(Path file, String idPrefix, Consumer<? super DatasetEvent> sink) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), idPrefix, sink);
        }
    }

    /** All events of a file in line order (not sorted by time; see {@link DatasetReplay}), with the report. */
    default ReadResult readAll(Path file, String idPrefix) throws IOException {
        List<DatasetEvent> events = new ArrayList<>();
        ReadReport report = read(file, idPrefix, events::add);
        return new ReadResult(events, report);
    }

    /** All events of a stream (e.g. a classpath resource) in line order, with the report; does not close {@code in}. */
    default ReadResult readAll(InputStream in, String sourceName, String idPrefix) throws IOException {
        List<DatasetEvent> events = new ArrayList<>();
        ReadReport report = read(in, sourceName, idPrefix, events::add);
        return new ReadResult(events, report);
    }
}
