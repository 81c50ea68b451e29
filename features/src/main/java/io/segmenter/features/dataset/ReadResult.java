package io.segmenter.features.dataset;

import java.util.List;
import java.util.Objects;

/** Events of one source in line order, and the report of reading it. */
public record ReadResult(List<DatasetEvent> events, ReadReport report) {

    public ReadResult {
        events = List.copyOf(events);
        Objects.requireNonNull(report, "report");
    }
}
