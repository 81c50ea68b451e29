package io.segmenter.stream.cli;

import io.segmenter.features.dataset.DatasetSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --data FILE --format F}, repeatable in pairs. */
final class DatasetOptions {

    @Option(names = "--data", paramLabel = "FILE", description = "Dataset file to replay (repeatable, each with its --format).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Format of the --data at the same position: taobao, rees46, online-retail, cdnow, fraud-data.")
    List<String> formats = new ArrayList<>();

    /** The sources given, or empty when none was. */
    List<DatasetSource> sources(picocli.CommandLine commandLine) {
        try {
            return DatasetSource.files(files, formats);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, e.getMessage());
        }
    }
}
