package io.segmenter.trainer.cli;

import io.segmenter.features.dataset.BundledSample;
import io.segmenter.features.dataset.DatasetSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --data FILE --format F}, repeatable in pairs. Without any, the bundled sample
 * ({@code data/sample}, found from the working directory upwards) with its manifest's id prefixes.
 */
public final class DataOptions {

    @Option(names = "--data", paramLabel = "FILE",
            description = "Dataset file (repeatable, each with its --format). Default: the bundled sample data/sample.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "Format of the --data at the same position: taobao, rees46, online-retail, cdnow, fraud-data.")
    List<String> formats = new ArrayList<>();

    boolean given() {
        return !files.isEmpty() || !formats.isEmpty();
    }

    /** The sources given, or the bundled sample's. */
    List<DatasetSource> sources(CommandLine commandLine) throws IOException {
        if (files.size() != formats.size()) {
            throw new ParameterException(commandLine, "give one --format for every --data (got " + files.size()
                    + " --data and " + formats.size() + " --format)");
        }
        if (files.isEmpty()) {
            Optional<Path> sample = BundledSample.find(Path.of(""));
            if (sample.isEmpty()) {
                throw new ParameterException(commandLine, "no --data given and no bundled sample (data/sample) found from "
                        + Path.of("").toAbsolutePath());
            }
            return BundledSample.sources(sample.get());
        }
        try {
            return DatasetSource.files(files, formats);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(commandLine, e.getMessage());
        }
    }
}
