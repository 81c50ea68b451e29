package io.segmenter.stream.cli;

import io.segmenter.features.dataset.DatasetFormat;
import io.segmenter.features.dataset.DatasetSource;
import java.nio.file.Files;
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
        if (files.size() != formats.size()) {
            throw new ParameterException(commandLine, "give one --format for every --data (got " + files.size()
                    + " --data and " + formats.size() + " --format)");
        }
        List<DatasetSource> sources = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            if (!Files.isReadable(file)) {
                throw new ParameterException(commandLine, "cannot read --data " + file);
            }
            DatasetFormat format;
            try {
                format = DatasetFormat.fromCliName(formats.get(i));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(commandLine, e.getMessage());
            }
            DatasetSource source = DatasetSource.file(file, format);
            // several files: namespace user ids so users of different datasets never collide
            sources.add(files.size() > 1 ? source.withIdPrefix("s" + (i + 1) + "-") : source);
        }
        return sources;
    }
}
