package io.segmenter.features.dataset;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;

/** The line loop shared by every reader: BOM, blank lines, header, counting, malformed lines. */
abstract class LineDatasetReader implements DatasetReader {

    private static final char BOM = '\uFEFF';

    /** Fresh state for one read. */
    abstract LineParser newParser(Ids ids, String sourceName);

    @Override
    public final ReadReport read(BufferedReader in, String sourceName, String idPrefix,
            Consumer<? super DatasetEvent> sink) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sourceName, "sourceName");
        Objects.requireNonNull(sink, "sink");
        ReadTally tally = new ReadTally(format(), sourceName);
        Consumer<DatasetEvent> out = event -> {
            tally.event(event);
            sink.accept(event);
        };
        LineParser parser = newParser(new Ids(idPrefix, format()), sourceName);
        boolean headerPending = parser.expectsHeader();
        long lineNumber = 0;
        String line;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BOM) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                tally.blankLine();
                continue;
            }
            if (headerPending) {
                parser.header(line);
                headerPending = false;
                continue;
            }
            try {
                SkipReason skip = parser.parse(line, lineNumber, out);
                if (skip == null) {
                    tally.accepted();
                } else {
                    tally.skipped(skip);
                }
            } catch (MalformedLineException e) {
                tally.malformed(lineNumber, e.getMessage(), line);
            }
        }
        parser.finish(out);
        return tally.report();
    }
}
